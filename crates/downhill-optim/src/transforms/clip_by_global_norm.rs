//! torch `clip_grad_norm_` over *all* parameters at once:
//!   n = sqrt(sum_i ||g_i||^2);  coef = max_norm / (n + 1e-6);  g_i <- g_i * min(coef, 1)
//! Put it first in the chain (before weight decay), as torch clips before `step()`.
use crate::{Float, Gradient, State, Tensor, Transform};

/// Rescales all updates together so their global L2 norm is at most `self.0` (up to torch's 1e-6).
///
/// ```
/// use downhill_optim::{ClipByGlobalNorm, Tensor, Transform};
/// let mut u = vec![Tensor::vector(vec![3.0]), Tensor::vector(vec![4.0])]; // norm 5
/// let mut state = ClipByGlobalNorm(1.0).init(&u);
/// ClipByGlobalNorm(1.0).update(&mut u, &mut state, &[]);
/// assert!((u[0].data()[0] - 0.6).abs() < 1e-6 && (u[1].data()[0] - 0.8).abs() < 1e-6);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ClipByGlobalNorm(pub f64);

/// The global L2 norm of a list of tensors, accumulated in f64.
pub fn global_norm(tensors: &[Tensor]) -> f64 {
    tensors.iter().map(Tensor::sum_squares).sum::<f64>().sqrt()
}

impl Transform for ClipByGlobalNorm {
    fn init(&self, _params: &[Tensor]) -> State {
        State::empty()
    }
    fn update(&self, updates: &mut [Tensor], state: &mut State, _params: &[Tensor]) {
        let coef = self.0 / (global_norm(updates) + 1e-6);
        if coef < 1.0 {
            let c = coef as Float;
            updates.iter_mut().for_each(|u| u.map_inplace(|x| x * c));
        }
        state.count += 1;
    }

    /// A row gradient's norm is its rows' (the others are zero), and scaling keeps zeros zero.
    fn takes_rows(&self) -> bool {
        true
    }

    fn update_rows(&self, updates: &mut [Gradient], state: &mut State, _params: &[Tensor]) {
        let norm = updates.iter().map(Gradient::sum_squares).sum::<f64>().sqrt();
        let coef = self.0 / (norm + 1e-6);
        if coef < 1.0 {
            let c = coef as Float;
            updates.iter_mut().for_each(|u| u.values_mut().map_inplace(|x| x * c));
        }
        state.count += 1;
    }
}
