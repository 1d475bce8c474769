//! What the training loop minimises: any function from a batch to a loss on the tape,
//!   J_b(θ) = criterion(cx, model, batch)      (a scalar `Var` on `cx.tape`)
//! called in training mode (`cx.mode == Mode::Train`, dropout on) for each step, and in evaluation
//! mode on the validation rows after each epoch. A closure
//! `|cx: &Ctx<'t>, model: &mut M, batch: &Batch| -> Var<'t>` is a criterion (blanket impl below);
//! `WithMetric` adds a validation metric to one. The estimators' `Objective` enum is a criterion
//! too (objective_criterion.rs), which scores the validation rows in one forward pass.
//!
//! Validation defaults to the criterion's value in evaluation mode on all validation rows at once,
//! and no metric: the history's `val_loss` then means the same as the training loss, without any
//! penalty (penalties are the loop's, not the criterion's).
use crate::Batch;
use downhill_autograd::{Tape, Var};
use downhill_nn::Ctx;

/// The loss of `model` on one batch; see the module docs.
pub trait Criterion<M: ?Sized> {
    /// The loss on `batch`, recorded on `cx.tape` (a scalar).
    fn loss<'t>(&self, cx: &Ctx<'t>, model: &mut M, batch: &Batch) -> Var<'t>;

    /// The name of the validation metric (`History::metric`); empty when there is none.
    fn metric_name(&self) -> &str {
        ""
    }

    /// The validation loss and metric on `rows`, in evaluation mode.
    fn validate(&self, model: &mut M, rows: &Batch) -> Validation {
        Validation { loss: eval_loss(self, model, rows), metric: None }
    }
}

/// What validation measured after an epoch.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Validation {
    /// The criterion's value on the validation rows, in evaluation mode.
    pub loss: f64,
    /// Higher is better (accuracy, R², ...).
    pub metric: Option<f64>,
}

/// `criterion` on `rows` in evaluation mode, as an f64.
pub fn eval_loss<M: ?Sized, C: Criterion<M> + ?Sized>(criterion: &C, model: &mut M, rows: &Batch) -> f64 {
    let tape = Tape::new();
    criterion.loss(&Ctx::eval(&tape), model, rows).item() as f64
}

impl<M: ?Sized, F> Criterion<M> for F
where
    F: for<'t> Fn(&Ctx<'t>, &mut M, &Batch) -> Var<'t>,
{
    fn loss<'t>(&self, cx: &Ctx<'t>, model: &mut M, batch: &Batch) -> Var<'t> {
        self(cx, model, batch)
    }
}

/// A criterion plus a validation metric (higher is better), reported as `val_metric` and watched
/// by the `tol` rule when there is a validation set.
#[derive(Clone, Debug)]
pub struct WithMetric<C, F> {
    /// The criterion trained on.
    pub criterion: C,
    /// The metric's name, recorded as `History::metric` (`accuracy`).
    pub name: String,
    /// The metric, `(model, rows) -> value`, higher is better.
    pub metric: F,
}

impl<M: ?Sized, C: Criterion<M>, F: Fn(&mut M, &Batch) -> f64> Criterion<M> for WithMetric<C, F> {
    fn loss<'t>(&self, cx: &Ctx<'t>, model: &mut M, batch: &Batch) -> Var<'t> {
        self.criterion.loss(cx, model, batch)
    }
    fn metric_name(&self) -> &str {
        &self.name
    }
    fn validate(&self, model: &mut M, rows: &Batch) -> Validation {
        let loss = self.criterion.validate(model, rows).loss;
        Validation { loss, metric: Some((self.metric)(model, rows)) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_nn::{Init, Linear, Mode, Module};
    use downhill_tensor::{Rng, Tensor};

    /// A closure criterion that reveals the mode it ran in: mean(x·w) in training, 10 + that in
    /// evaluation.
    fn mode_revealing() -> impl for<'t> Fn(&Ctx<'t>, &mut Linear, &Batch) -> Var<'t> {
        |cx, lin, b| {
            let out = lin.forward(cx, cx.tape.leaf(b.x.clone())).mean();
            if cx.mode == Mode::Eval {
                out + 10.0
            } else {
                out
            }
        }
    }

    #[test]
    fn closures_are_criteria_validated_in_eval_mode_with_an_optional_metric() {
        let mut lin = Linear::new(2, 1, false, Init::Zeros, &mut Rng::seed(0));
        lin.weight.value = Tensor::from_rows(&[[1.0, 2.0]]).unwrap();
        let rows =
            Batch { x: Tensor::from_rows(&[[1.0, 1.0], [0.0, 1.0]]).unwrap(), y: Tensor::zeros([2, 1]) };
        let plain = mode_revealing();
        // mean(3, 2) + 10, in f32: exact (small integers and a halving).
        assert_eq!(plain.validate(&mut lin, &rows), Validation { loss: 12.5, metric: None });
        assert_eq!(Criterion::<Linear>::metric_name(&plain), "");
        let scored = WithMetric {
            criterion: plain,
            name: "rows".into(),
            metric: |_: &mut Linear, b: &Batch| b.rows() as f64,
        };
        assert_eq!(scored.validate(&mut lin, &rows), Validation { loss: 12.5, metric: Some(2.0) });
        assert_eq!(scored.metric_name(), "rows");
        let tape = Tape::new();
        let train = scored.loss(&Ctx::train(&tape, 0), &mut lin, &rows).item();
        assert!((train - 2.5).abs() < 1e-6, "training-mode loss {train}");
    }
}
