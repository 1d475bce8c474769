//! Adadelta (Zeiler 2012) as `torch.optim.Adadelta` computes it (eps inside both roots):
//!   v <- rho v + (1 - rho) g^2
//!   u <- sqrt(d + eps) / sqrt(v + eps) * g
//!   d <- rho d + (1 - rho) u^2
//! torch then applies `p -= lr * u` (default lr 1.0); the `ScaleByLr` link does that.
use crate::{Float, State, Tensor, Transform};

/// Adadelta's unit-correcting ratio of running RMS values.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScaleByAdadelta {
    /// Decay of both running averages (torch `rho`).
    pub rho: f64,
    /// Added inside both square roots (torch `eps`).
    pub eps: f64,
}

impl Transform for ScaleByAdadelta {
    fn init(&self, params: &[Tensor]) -> State {
        State::zeros_like(params, 2)
    }

    fn update(&self, updates: &mut [Tensor], state: &mut State, _params: &[Tensor]) {
        let (rho, eps) = (self.rho as Float, self.eps as Float);
        let rho_c = (1.0 - self.rho) as Float;
        let [vs, ds] = state.slots_mut();
        for ((g, v), d) in updates.iter_mut().zip(vs).zip(ds) {
            let (v, d) = (v.data_mut(), d.data_mut());
            for (j, g) in g.data_mut().iter_mut().enumerate() {
                v[j] = rho * v[j] + rho_c * *g * *g;
                *g *= (d[j] + eps).sqrt() / (v[j] + eps).sqrt();
                d[j] = rho * d[j] + rho_c * *g * *g;
            }
        }
        state.count += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_step_is_scaled_by_root_eps() {
        let tx = ScaleByAdadelta { rho: 0.9, eps: 1e-6 };
        let params = [Tensor::vector(vec![0.0])];
        let mut state = tx.init(&params);
        let mut u = vec![Tensor::vector(vec![1.0])];
        tx.update(&mut u, &mut state, &params);
        // sqrt(1e-6) / sqrt(0.1 + 1e-6)
        let want = (1e-6f64).sqrt() / (0.1f64 + 1e-6).sqrt();
        assert!((u[0].data()[0] as f64 - want).abs() < 1e-8);
    }
}
