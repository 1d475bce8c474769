//! Weight decay: `u <- u + wd * p`. Where it sits in the chain decides which kind it is:
//! - **coupled** (L2, torch's `weight_decay` in SGD/Adam/...): first, before momentum or any
//!   preconditioner, so `g <- g + wd * p` is then rescaled like the gradient;
//! - **decoupled** (AdamW, and presets with `decoupled_weight_decay`): just before `ScaleByLr`, so the
//!   step becomes `p <- p - lr_t * (adam_u + wd * p)`, i.e. torch's `p *= 1 - lr_t * wd` with the
//!   *scheduled* lr, followed by the Adam step.
//!
//! Clipping must come before either (it acts on the loss gradient only).
use crate::blocks::{self, Target};
use crate::fused::StageKind;
use crate::{Float, Kernel, Stage, State, Tensor, Transform};
use downhill_tensor::vectorized;

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
        blocks::run(self, updates, state, Target::Updates(params));
    }

    fn is_elementwise(&self) -> bool {
        true
    }

    fn begin_step(&self, state: &mut State) -> Option<Box<dyn Kernel>> {
        state.count += 1;
        Some(Box::new(Decay(self.0 as Float)))
    }
}

/// `u <- u + wd * p` (nothing when wd is 0).
struct Decay(Float);

impl Kernel for Decay {
    fn apply(&self, u: &mut [Float], p: &[Float], _slots: &mut [&mut [Float]]) {
        let wd = self.0;
        if wd != 0.0 && !p.is_empty() {
            vectorized(move || decay(wd, u, p));
        }
    }

    fn stages(&self) -> Option<Vec<Stage>> {
        // wd = 0 adds nothing on the block path (not even `0 * p`), so it is no stage at all.
        Some(if self.0 == 0.0 { vec![] } else { vec![Stage(StageKind::Decay(self.0))] })
    }
}

#[inline(always)]
fn decay(wd: Float, u: &mut [Float], p: &[Float]) {
    let p = &p[..u.len()];
    for j in 0..u.len() {
        u[j] += wd * p[j];
    }
}
