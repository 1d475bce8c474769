//! Momentum with `torch.optim.SGD` semantics. Runs *before* `ScaleByLr`, so changing lr mid-run
//! matches torch, where the buffer holds un-scaled gradients:
//!   b_1 = g_1;  b_t = mu * b_{t-1} + (1 - dampening) * g_t
//!   classic: u_t = b_t        nesterov: u_t = g_t + mu * b_t
//! With dampening 0 this is also RMSprop's momentum buffer (`b = mu * b + g / avg`, zero-initialised,
//! whose first step equals `g / avg` too).
use crate::{Float, State, Tensor, Transform};

/// torch rejects Nesterov with dampening, so that variant has no dampening field.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Momentum {
    Classic { mu: f64, dampening: f64 },
    Nesterov { mu: f64 },
}

impl Transform for Momentum {
    fn init(&self, params: &[Tensor]) -> State {
        State::zeros_like(params, 1)
    }

    fn update(&self, updates: &mut [Tensor], state: &mut State, _params: &[Tensor]) {
        let (mu, damp_c) = match *self {
            Momentum::Classic { mu, dampening } => (mu as Float, (1.0 - dampening) as Float),
            Momentum::Nesterov { mu } => (mu as Float, 1.0),
        };
        let first_step = state.count == 0;
        let [velocity] = state.slots_mut();
        for (g, b) in updates.iter_mut().zip(velocity) {
            if first_step {
                b.assign(g)
            } else {
                b.update_with(g, |b, g| mu * b + damp_c * g)
            }
            match self {
                Momentum::Classic { .. } => g.assign(b),
                Momentum::Nesterov { .. } => g.update_with(b, |g, b| g + mu * b),
            }
        }
        state.count += 1;
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
