//! The language-model criterion: mean cross-entropy of the next token over every position,
//!   logits z = model(x): [N, T, V] viewed as [N·T, V];  L = −(1/(N·T)) Σ_{n,t} log softmax(z_{n,t})[y_{n,t}]
//! in nats per token (bits = nats / ln 2). Validation runs in evaluation mode over the windows in
//! chunks of `CHUNK` windows (the whole validation text would not fit one forward pass of an
//! LSTM), weighted by their token counts.
use crate::{Batch, Criterion, Validation};
use downhill_autograd::{Tape, Var};
use downhill_nn::{Ctx, Module};
use downhill_tensor::Tensor;

/// Windows per forward pass in validation and evaluation.
pub const CHUNK: usize = 64;

#[derive(Clone, Copy, Debug, Default)]
pub struct NextTokenLoss;

/// The mean next-token cross-entropy of `model` on inputs `x` and targets `y` ([N, T] ids).
pub fn next_token_loss<'t, M: Module + ?Sized>(
    cx: &Ctx<'t>,
    model: &mut M,
    x: &Tensor,
    y: &Tensor,
) -> Var<'t> {
    let logits = model.forward(cx, cx.tape.leaf(x.clone()));
    let shape = logits.shape();
    let vocab = shape.dims()[shape.rank() - 1];
    let targets: Vec<usize> = y.data().iter().map(|&v| v as usize).collect();
    logits.reshape([targets.len(), vocab]).softmax_cross_entropy(targets)
}

/// The summed next-token cross-entropy (nats) of `model` on windows `x`, `y`, in chunks, eval mode.
pub fn total_nats<M: Module + ?Sized>(model: &mut M, x: &Tensor, y: &Tensor) -> f64 {
    let (n, t) = (x.rows(), x.cols());
    (0..n)
        .step_by(CHUNK)
        .map(|start| {
            let rows = start..(start + CHUNK).min(n);
            let (xs, ys) = (x.slice_rows(rows.clone()), y.slice_rows(rows.clone()));
            let tape = Tape::inference(); // no backward: what ops save for one is dropped at once
            next_token_loss(&Ctx::eval(&tape), model, &xs, &ys).item() as f64 * (rows.len() * t) as f64
        })
        .sum()
}

impl<M: Module + ?Sized> Criterion<M> for NextTokenLoss {
    fn loss<'t>(&self, cx: &Ctx<'t>, model: &mut M, batch: &Batch) -> Var<'t> {
        next_token_loss(cx, model, &batch.x, &batch.y)
    }
    fn validate(&self, model: &mut M, rows: &Batch) -> Validation {
        let tokens = rows.y.numel().max(1) as f64;
        Validation { loss: total_nats(model, &rows.x, &rows.y) / tokens, metric: None }
    }
}

/// Nats to bits: b = n / ln 2.
pub fn bits(nats: f64) -> f64 {
    nats / std::f64::consts::LN_2
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_nn::{spec::parse_layers, Sequential};

    #[test]
    fn an_untrained_uniform_model_scores_ln_v_per_token() {
        // A zero-initialised output layer gives uniform logits: ln 5 = 1.6094 nats, log2 5 bits.
        let layers = parse_layers("embedding(3, num_embeddings=5), linear(5)").unwrap();
        let mut net = Sequential::from_spec(&layers, &[4], 0).unwrap();
        net.params_mut().into_iter().skip(1).for_each(|p| p.value = p.value.map(|_| 0.0));
        let x = Tensor::from_rows(&[[0.0, 1.0, 2.0, 3.0], [4.0, 3.0, 2.0, 1.0]]).unwrap();
        let y = x.map(|v| (v + 1.0) % 5.0);
        let v = NextTokenLoss.validate(&mut net, &Batch { x, y });
        // f32 log-sum-exp of equal values: 1e-6.
        assert!((v.loss - 5f64.ln()).abs() < 1e-6, "{v:?}");
        assert!((bits(v.loss) - 5f64.log2()).abs() < 1e-6);
    }
}
