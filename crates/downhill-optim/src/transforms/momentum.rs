//! Momentum with `torch.optim.SGD` semantics. Runs *before* `ScaleByLr`, so changing lr mid-run
//! matches torch, where the buffer holds un-scaled gradients:
//!   b_1 = g_1;  b_t = mu * b_{t-1} + (1 - dampening) * g_t
//!   classic: u_t = b_t        nesterov: u_t = g_t + mu * b_t
//! With dampening 0 this is also RMSprop's momentum buffer (`b = mu * b + g / avg`, zero-initialised,
//! whose first step equals `g / avg` too).
use crate::blocks::{self, Target};
use crate::fused::StageKind;
use crate::{Float, Kernel, Stage, State, Tensor, Transform};
use downhill_tensor::vectorized;

/// torch rejects Nesterov with dampening, so that variant has no dampening field.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Momentum {
    /// Heavy ball: `u = b`, with `b <- mu b + (1 - dampening) g`.
    Classic {
        /// Momentum factor (torch `momentum`).
        mu: f64,
        /// Share of the gradient held back from the buffer (torch `dampening`).
        dampening: f64,
    },
    /// Nesterov: `u = g + mu b`, with `b <- mu b + g`.
    Nesterov {
        /// Momentum factor (torch `momentum`).
        mu: f64,
    },
}

impl Transform for Momentum {
    fn init(&self, params: &[Tensor]) -> State {
        State::zeros_like(params, 1)
    }

    fn update(&self, updates: &mut [Tensor], state: &mut State, params: &[Tensor]) {
        blocks::run(self, updates, state, Target::Updates(params));
    }

    fn is_elementwise(&self) -> bool {
        true
    }

    fn begin_step(&self, state: &mut State) -> Option<Box<dyn Kernel>> {
        let (mu, damp_c) = match *self {
            Momentum::Classic { mu, dampening } => (mu as Float, (1.0 - dampening) as Float),
            Momentum::Nesterov { mu } => (mu as Float, 1.0),
        };
        let nesterov = matches!(self, Momentum::Nesterov { .. });
        let first_step = state.count == 0;
        state.count += 1;
        Some(Box::new(MomentumStep { mu, damp_c, nesterov, first_step }))
    }
}

/// One step; the slot is the velocity b.
#[derive(Clone, Copy, Debug)]
pub(crate) struct MomentumStep {
    mu: Float,
    damp_c: Float,
    nesterov: bool,
    first_step: bool,
}

impl MomentumStep {
    /// One element: advances b, returns the update. The block loop and fused.rs share it.
    #[inline(always)]
    pub(crate) fn element(self, g: Float, b: &mut Float) -> Float {
        *b = if self.first_step { g } else { self.mu * *b + self.damp_c * g };
        if self.nesterov {
            g + self.mu * *b
        } else {
            *b
        }
    }
}

impl Kernel for MomentumStep {
    fn apply(&self, u: &mut [Float], _p: &[Float], slots: &mut [&mut [Float]]) {
        let [b, ..] = slots else { panic!("Momentum: state has no velocity") };
        let step = *self;
        vectorized(move || momentum(step, u, b));
    }

    fn stages(&self) -> Option<Vec<Stage>> {
        Some(vec![Stage(StageKind::Momentum(*self))])
    }
}

// Buffers as separate `&mut` arguments so LLVM sees they do not alias and vectorises the loop.
#[inline(always)]
fn momentum(s: MomentumStep, u: &mut [Float], b: &mut [Float]) {
    let b = &mut b[..u.len()];
    for j in 0..u.len() {
        u[j] = s.element(u[j], &mut b[j]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(m: Momentum, grads: &[f32]) -> Vec<f32> {
        let params = [Tensor::vector(vec![0.0])];
        let mut state = m.init(&params);
        let mut out = vec![];
        for &g in grads {
            let mut u = vec![Tensor::vector(vec![g])];
            m.update(&mut u, &mut state, &params);
            out.push(u[0].data()[0]);
        }
        out
    }

    #[test]
    fn first_step_skips_dampening() {
        // b1 = 1; b2 = 0.9 * 1 + 0.5 * 1 = 1.4
        let out = run(Momentum::Classic { mu: 0.9, dampening: 0.5 }, &[1.0, 1.0]);
        assert!((out[0] - 1.0).abs() < 1e-7 && (out[1] - 1.4).abs() < 1e-6, "{out:?}");
    }

    #[test]
    fn nesterov_looks_ahead() {
        // b1 = 1, u1 = 1 + 0.9 * 1 = 1.9; b2 = 0.9 + 2 = 2.9, u2 = 2 + 0.9 * 2.9 = 4.61
        let out = run(Momentum::Nesterov { mu: 0.9 }, &[1.0, 2.0]);
        assert!((out[0] - 1.9).abs() < 1e-6 && (out[1] - 4.61).abs() < 1e-5, "{out:?}");
    }
}
