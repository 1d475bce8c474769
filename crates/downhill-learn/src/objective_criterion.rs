//! The estimators' `Objective` as the loop's criterion, so `fit` runs the one generic loop:
//!   loss:        J = objective.loss(net(x_b), targets(y_b))       (targets: Hinge maps y to ±1)
//!   validation:  z = net(x_val) in evaluation mode, in chunks of rows (`forward_eval`), once;
//!                val_loss = objective.loss(z, targets(y_val)),  val_metric = accuracy or R² of z
//! Scoring from one forward pass costs half of running the loss and then the metric separately.
use crate::forward_eval::forward_eval;
use crate::{Batch, Criterion, Objective, Validation};
use downhill_autograd::{Tape, Var};
use downhill_nn::{Ctx, Module};

impl<M: Module + ?Sized> Criterion<M> for Objective {
    fn loss<'t>(&self, cx: &Ctx<'t>, net: &mut M, batch: &Batch) -> Var<'t> {
        let out = net.forward(cx, cx.tape.leaf(batch.x.clone()));
        Objective::loss(*self, out, cx.tape.leaf(self.targets(&batch.y)))
    }

    fn metric_name(&self) -> &str {
        Objective::metric_name(*self)
    }

    fn validate(&self, net: &mut M, rows: &Batch) -> Validation {
        let out = forward_eval(net, &rows.x);
        let tape = Tape::new();
        let loss = Objective::loss(*self, tape.leaf(out.clone()), tape.leaf(self.targets(&rows.y)));
        Validation { loss: loss.item() as f64, metric: Some(self.metric(&out, &rows.y)) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_nn::{Linear, Sequential};
    use downhill_tensor::Tensor;
    use downhill_testing::assert_close;

    #[test]
    fn validation_scores_one_forward_pass_like_the_training_loss_in_eval_mode() {
        // z = 2x − 1 on x = 0, 1, 2: z = −1, 1, 3; hinge targets t = 2y − 1 = −1, 1, −1.
        let w = Tensor::from_rows(&[[2.0]]).unwrap();
        let mut net =
            Sequential::new().with(Linear::from_values(w, Some(Tensor::vector(vec![-1.0]))).unwrap());
        let rows = Batch {
            x: Tensor::from_rows(&[[0.0], [1.0], [2.0]]).unwrap(),
            y: Tensor::vector(vec![0.0, 1.0, 0.0]).reshape([3, 1]),
        };
        let v = Objective::Hinge.validate(&mut net, &rows);
        // mean(max(0, 1 − t·z)) = (0 + 0 + 4) / 3; accuracy of [z > 0] = (1 + 1 + 0) / 3.
        assert_close("hinge loss", &[v.loss], &[4.0 / 3.0], 1e-6);
        assert_close("accuracy", &[v.metric.unwrap()], &[2.0 / 3.0], 1e-12);
        let tape = Tape::new();
        let train_mode = Criterion::loss(&Objective::Hinge, &Ctx::eval(&tape), &mut net, &rows).item() as f64;
        assert_close("same loss through `loss`", &[train_mode], &[v.loss], 1e-7);
        assert_eq!(Criterion::<Sequential>::metric_name(&Objective::Hinge), "accuracy");
    }
}
