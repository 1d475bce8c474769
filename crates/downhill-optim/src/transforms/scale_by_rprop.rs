//! Rprop (Riedmiller & Braun 1993) as `torch.optim.Rprop` computes it (`_single_tensor_rprop`): one
//! step size d per element, grown while the gradient keeps its sign and shrunk when it flips:
//!   s = g g_prev;   f = etaplus if s > 0, etaminus if s < 0, 1 if s = 0
//!   d <- clamp(d f, step_min, step_max)          (d starts at the first step's lr)
//!   g <- 0 where s < 0                            (after a sign change, no step this time)
//!   u = -sign(g) d;   g_prev <- g
//! torch reads `lr` only when it creates the step sizes, so a schedule or plateau factor changes
//! the rate reported (`lr`), not the steps: the same here, the rate is read at the first step.
use crate::{Float, ScaleByLr, State, Tensor, Transform};

// Slots: the last gradient applied (0 where it was skipped), then the step sizes.
const STEP_SIZE: usize = 1;
const RATE: usize = 0; // inner state: the rate source's

/// Rprop's per-element step sizes; the whole step, its rate included.
#[derive(Clone, Debug)]
pub struct ScaleByRprop {
    /// Step-size factor after a sign flip, in (0, 1) (torch `etas[0]`).
    pub etaminus: f64,
    /// Step-size factor while the sign holds, > 1 (torch `etas[1]`).
    pub etaplus: f64,
    /// Smallest step size (torch `step_sizes[0]`).
    pub step_min: f64,
    /// Largest step size (torch `step_sizes[1]`).
    pub step_max: f64,
    /// The rate source: its value at the first step is the initial step size.
    pub rate: ScaleByLr,
}

impl Transform for ScaleByRprop {
    fn init(&self, params: &[Tensor]) -> State {
        State { inner: vec![self.rate.init(params)], ..State::zeros_like(params, 2) }
    }

    fn update(&self, updates: &mut [Tensor], state: &mut State, _params: &[Tensor]) {
        let lr = self.rate.advance(&mut state.inner[RATE]);
        if state.count == 0 {
            state.slots[STEP_SIZE].iter_mut().for_each(|d| d.map_inplace(|_| lr as Float));
        }
        state.count += 1;
        let (minus, plus) = (self.etaminus as Float, self.etaplus as Float);
        let (lo, hi) = (self.step_min as Float, self.step_max as Float);
        let [prevs, sizes] = state.slots_mut();
        for ((g, prev), size) in updates.iter_mut().zip(prevs).zip(sizes) {
            let (prev, size) = (prev.data_mut(), size.data_mut());
            for (j, g) in g.data_mut().iter_mut().enumerate() {
                let s = *g * prev[j];
                let factor = if s > 0.0 {
                    plus
                } else if s < 0.0 {
                    minus
                } else {
                    1.0
                };
                size[j] = (size[j] * factor).max(lo).min(hi); // torch's clamp: min(max(x, lo), hi)
                if s < 0.0 {
                    *g = 0.0;
                }
                prev[j] = *g;
                *g = -sign(*g) * size[j];
            }
        }
    }

    fn lr(&self, state: &State) -> Option<f64> {
        self.rate.lr(&state.inner[RATE])
    }

    fn scale_lr(&self, state: &mut State, factor: f64) {
        self.rate.scale_lr(&mut state.inner[RATE], factor)
    }
}

/// torch's `sign`: 0 at zero (`f32::signum` gives 1), NaN stays NaN.
fn sign(x: Float) -> Float {
    if x > 0.0 {
        1.0
    } else if x < 0.0 {
        -1.0
    } else {
        x
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steps(grads: &[[f32; 3]]) -> Vec<Vec<f32>> {
        let tx = ScaleByRprop {
            etaminus: 0.5,
            etaplus: 1.2,
            step_min: 1e-6,
            step_max: 0.013,
            rate: ScaleByLr::new(0.01),
        };
        let params = [Tensor::vector(vec![0.0; 3])];
        let mut state = tx.init(&params);
        let mut out = vec![];
        for g in grads {
            let mut u = vec![Tensor::vector(g.to_vec())];
            tx.update(&mut u, &mut state, &params);
            out.push(u[0].data().to_vec());
        }
        out
    }

    #[test]
    fn steps_grow_on_a_kept_sign_and_skip_after_a_flip() {
        let u = steps(&[[2.0, -1.0, 0.0], [3.0, 1.0, 5.0], [1.0, 1.0, 5.0]]);
        // Step 1: no previous gradient (s = 0), so d = lr = 0.01 and u = -sign(g) d; sign(0) = 0.
        assert!((u[0][0] + 0.01).abs() < 1e-9 && (u[0][1] - 0.01).abs() < 1e-9 && u[0][2] == 0.0, "{u:?}");
        // Step 2: element 0 kept its sign: d = 0.012; element 1 flipped: d = 0.005 and no step;
        // element 2 had a zero before (s = 0): d stays 0.01.
        assert!((u[1][0] + 0.012).abs() < 1e-8 && u[1][1] == 0.0 && (u[1][2] + 0.01).abs() < 1e-8, "{u:?}");
        // Step 3: element 0 grows to 0.0144, clamped to step_max 0.013; element 1 follows the skipped
        // step (g_prev = 0, s = 0): d stays 0.005 and it moves again.
        assert!((u[2][0] + 0.013).abs() < 1e-8 && (u[2][1] + 0.005).abs() < 1e-8, "{u:?}");
    }
}
