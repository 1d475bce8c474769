//! Binary cross-entropy on logits (torch `nn.BCEWithLogitsLoss`), targets t ∈ [0, 1]:
//!   ℓ(x, t) = −t·log σ(x) − (1 − t)·log(1 − σ(x)) = softplus(x) − t·x,      L = mean ℓ
//!   dℓ/dx = σ(x) − t
//! The softplus form never takes the log of a rounded-to-zero probability, so logits of ±100 are exact.
use super::Loss;
use downhill_autograd::Var;

/// Binary cross-entropy on logits: `pred` holds logits (any real), `target` probabilities in [0, 1]
/// (usually 0/1), both of one shape.
#[derive(Clone, Copy, Debug, Default)]
pub struct BceWithLogits;

impl Loss for BceWithLogits {
    fn loss<'t>(&self, logits: Var<'t>, target: Var<'t>) -> Var<'t> {
        (logits.softplus() - logits * target).mean()
    }
    fn name(&self) -> &'static str {
        "bce_with_logits"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_autograd::{gradcheck, Tape};
    use downhill_tensor::Tensor;

    #[test]
    fn large_logits_stay_finite_and_exact() {
        let tape = Tape::new();
        let x = tape.watch(Tensor::vector(vec![100.0, -100.0]));
        let l = BceWithLogits.loss(x, tape.leaf(Tensor::vector(vec![0.0, 0.0])));
        assert!((l.item() - 50.0).abs() < 1e-4); // (100 + ~0) / 2
        let g = tape.backward(l);
        let g = g.wrt(x).unwrap().data();
        // (σ(x) − t)/2: exactly 0.5 for x = 100 (1 + e^−100 rounds to 1 and halving is exact), and
        // σ(−100)/2 ≈ 2e-44 (subnormal, not rounded to 0 or NaN).
        assert_eq!(g[0], 0.5);
        assert!(g[1] > 0.0 && g[1] < 1e-30, "{g:?}");
    }

    #[test]
    fn gradient_matches_central_differences() {
        let t = Tensor::vector(vec![1.0, 0.0, 1.0, 0.0]);
        let t = &t;
        gradcheck(
            move |x| BceWithLogits.loss(x, x.tape().leaf(t.clone())),
            &Tensor::vector(vec![-2.0, -0.3, 0.4, 3.0]),
        );
    }
}
