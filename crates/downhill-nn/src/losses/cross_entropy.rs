//! Softmax cross-entropy on logits with integer class targets (torch `nn.CrossEntropyLoss`):
//!   ℓ_i = −log_softmax(x_i)[t_i],   L = mean_i ℓ_i,   dL/dx_i = (softmax(x_i) − onehot(t_i)) / N
//! `target` holds class ids as floats, shape [N] or [N, 1]. One fused autograd op
//! (`softmax_cross_entropy`) subtracts the row maximum, so logits of ±200 are handled exactly.
use super::Loss;
use downhill_autograd::Var;
use downhill_tensor::Indices;

/// Softmax cross-entropy: `pred` holds logits [N, classes], `target` class ids `[N]` or `[N, 1]`.
/// Panics when a target is not a whole number in `0..classes` (a programmer error: the data crate
/// encodes class ids).
///
/// ```
/// use downhill_autograd::Tape;
/// use downhill_nn::{CrossEntropy, Loss};
/// use downhill_tensor::Tensor;
/// let tape = Tape::new();
/// let logits = tape.leaf(Tensor::from_rows(&[[0.0, 0.0], [0.0, 0.0]]).unwrap());
/// let ids = tape.leaf(Tensor::vector(vec![0.0, 1.0]));
/// // Uniform logits: the loss is ln 2 whatever the class.
/// let loss = CrossEntropy.loss(logits, ids).value().data()[0];
/// assert!((loss - std::f32::consts::LN_2).abs() < 1e-6);
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct CrossEntropy;

impl Loss for CrossEntropy {
    fn loss<'t>(&self, logits: Var<'t>, target: Var<'t>) -> Var<'t> {
        let classes = logits.shape().dim(1);
        let target = target.value();
        let ids = Indices::pushed(target.numel(), |ids| {
            ids.extend(target.data().iter().map(|&c| {
                let id = c as usize;
                assert!(
                    c >= 0.0 && c.fract() == 0.0 && id < classes,
                    "cross-entropy: target {c} is not a class id in 0..{classes}"
                );
                id
            }))
        });
        drop(target);
        logits.softmax_cross_entropy(ids)
    }
    fn name(&self) -> &'static str {
        "cross_entropy"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_autograd::{gradcheck, Tape};
    use downhill_tensor::{Rng, Tensor};

    #[test]
    fn uniform_logits_cost_log_of_class_count() {
        let tape = Tape::new();
        let l =
            CrossEntropy.loss(tape.leaf(Tensor::zeros([2, 4])), tape.leaf(Tensor::vector(vec![0.0, 3.0])));
        assert!((l.item() - 4f32.ln()).abs() < 1e-6);
    }

    #[test]
    fn gradient_matches_central_differences() {
        let x = Tensor::rand_normal([5, 3], 0.0, 2.0, &mut Rng::seed(3));
        let t = Tensor::vector(vec![0.0, 2.0, 1.0, 1.0, 0.0]);
        let t = &t;
        gradcheck(move |x| CrossEntropy.loss(x, x.tape().leaf(t.clone())), &x);
    }
}
