//! Hinge loss for a linear SVM, targets t ∈ {−1, +1}:
//!   ℓ = max(0, 1 − t·x),   L = mean ℓ,   dℓ/dx = −t where t·x < 1, else 0
use super::Loss;
use downhill_autograd::Var;

/// Hinge loss: `pred` holds scores, `target` labels −1 or +1, both of one shape.
#[derive(Clone, Copy, Debug, Default)]
pub struct Hinge;

impl Loss for Hinge {
    fn loss<'t>(&self, pred: Var<'t>, target: Var<'t>) -> Var<'t> {
        (-(pred * target) + 1.0).relu().mean()
    }
    fn name(&self) -> &'static str {
        "hinge"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_autograd::{gradcheck, Tape};
    use downhill_tensor::Tensor;

    #[test]
    fn zero_beyond_the_margin_linear_inside() {
        let tape = Tape::new();
        let x = tape.watch(Tensor::vector(vec![2.0, 0.5, -1.0]));
        let l = Hinge.loss(x, tape.leaf(Tensor::vector(vec![1.0, 1.0, 1.0])));
        assert!((l.item() - (0.0 + 0.5 + 2.0) / 3.0).abs() < 1e-6);
        let g = tape.backward(l);
        let g = g.wrt(x).unwrap().data();
        assert!(
            (g[1] + 1.0 / 3.0).abs() < 1e-6 && (g[2] + 1.0 / 3.0).abs() < 1e-6,
            "{g:?} vs [0, -1/3, -1/3]"
        );
        // Exact: beyond the margin relu's gradient is the constant 0, and multiplying 0 stays 0.
        assert_eq!(g[0], 0.0);
    }

    #[test]
    fn gradient_matches_central_differences_away_from_the_kink() {
        let t = Tensor::vector(vec![1.0, -1.0, 1.0, -1.0]);
        let t = &t;
        gradcheck(
            move |x| Hinge.loss(x, x.tape().leaf(t.clone())),
            &Tensor::vector(vec![0.3, 0.4, 1.7, -2.0]),
        );
    }
}
