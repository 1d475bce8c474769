//! Weight decay: `u <- u + wd * p`. Where it sits in the chain decides which kind it is:
//! - **coupled** (L2, torch's `weight_decay` in SGD/Adam/...): first, before momentum or any
//!   preconditioner, so `g <- g + wd * p` is then rescaled like the gradient;
//! - **decoupled** (AdamW, NAdam/RAdam `decoupled_weight_decay`): just before `ScaleByLr`, so the
//!   step becomes `p <- p - lr_t * (adam_u + wd * p)`, i.e. torch's `p *= 1 - lr_t * wd` with the
//!   *scheduled* lr, followed by the Adam step.
//!
//! Clipping must come before either (it acts on the loss gradient only).
use crate::{Float, State, Tensor, Transform};

/// Adds `wd * p` to each update.
///
/// ```
/// use downhill_optim::{AddDecayedWeights, Tensor, Transform};
/// let params = [Tensor::vector(vec![2.0])];
/// let mut state = AddDecayedWeights(0.1).init(&params);
/// let mut u = vec![Tensor::vector(vec![1.0])];
/// AddDecayedWeights(0.1).update(&mut u, &mut state, &params);
/// assert!((u[0].data()[0] - 1.2).abs() < 1e-6);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AddDecayedWeights(pub f64);

impl Transform for AddDecayedWeights {
    fn init(&self, _params: &[Tensor]) -> State {
        State::empty()
    }
    fn update(&self, updates: &mut [Tensor], state: &mut State, params: &[Tensor]) {
        let wd = self.0 as Float;
        if wd != 0.0 {
            for (u, p) in updates.iter_mut().zip(params) {
                u.update_with(p, |u, p| u + wd * p);
            }
        }
        state.count += 1;
    }
}
