//! Penalty terms added to a loss (the coupled form of regularisation; decoupled weight decay and
//! proximal L1 live in downhill-optim as transforms):
//!   l1_penalty          λ·Σ|w|                                   d/dw = λ·sign(w)
//!   l2_penalty          (λ/2)·Σw²                                d/dw = λ·w  (= weight decay λ)
//!   elastic_net_penalty α·(ρ·Σ|w| + (1 − ρ)/2·Σw²)               scikit-learn's convention, ρ = l1_ratio
use downhill_autograd::Var;
use downhill_tensor::Float;

/// λ·Σ|w| over every tensor of `params` (on the tape), to add to the loss; `None` when `params`
/// is empty.
pub fn l1_penalty<'t>(params: &[Var<'t>], lambda: Float) -> Option<Var<'t>> {
    sum_over(params, |w| w.abs().sum()).map(|s| s * lambda)
}

/// (λ/2)·Σw² over every tensor of `params`, so that its gradient λ·w is weight decay λ; `None` when
/// `params` is empty.
pub fn l2_penalty<'t>(params: &[Var<'t>], lambda: Float) -> Option<Var<'t>> {
    sum_over(params, |w| w.sum_squares()).map(|s| s * (0.5 * lambda))
}

/// α·(ρ·Σ|w| + (1 − ρ)/2·Σw²) with ρ = `l1_ratio` in [0, 1] (scikit-learn's `ElasticNet`): ρ = 1
/// is [`l1_penalty`]`(α)`, ρ = 0 is [`l2_penalty`]`(α)`. `None` when `params` is empty.
pub fn elastic_net_penalty<'t>(params: &[Var<'t>], alpha: Float, l1_ratio: Float) -> Option<Var<'t>> {
    let l1 = l1_penalty(params, alpha * l1_ratio)?;
    let l2 = l2_penalty(params, alpha * (1.0 - l1_ratio))?;
    Some(l1 + l2)
}

/// Σ_k f(w_k), or `None` for no parameters.
fn sum_over<'t>(params: &[Var<'t>], f: impl Fn(Var<'t>) -> Var<'t>) -> Option<Var<'t>> {
    params.iter().map(|&w| f(w)).reduce(|a, b| a + b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_autograd::Tape;
    use downhill_tensor::Tensor;
    use downhill_testing::assert_close;

    #[test]
    fn penalties_and_their_gradients() {
        let tape = Tape::new();
        let w = tape.watch(Tensor::vector(vec![1.0, -2.0]));
        let b = tape.watch(Tensor::vector(vec![3.0]));
        // 0.5 · 6 and 0.25 · 14: sums of 3 terms and a product, 1e-6.
        assert_close("l1", &[l1_penalty(&[w, b], 0.5).unwrap().item()], &[3.0], 1e-6);
        assert_close("l2", &[l2_penalty(&[w, b], 0.5).unwrap().item()], &[3.5], 1e-6);
        let en = elastic_net_penalty(&[w], 2.0, 0.25).unwrap();
        assert!((en.item() - (0.5 * 3.0 + 0.75 * 5.0)).abs() < 1e-6);
        let g = tape.backward(l2_penalty(&[w], 0.1).unwrap());
        // λ·w with λ = 0.1, reached through 2w · λ/2: 1e-6.
        assert_close("d/dw l2", g.wrt(w).unwrap().data(), &[0.1, -0.2], 1e-6);
        assert!(l1_penalty(&[], 1.0).is_none());
    }
}
