//! RAdam (Liu et al. 2020) as `torch.optim.RAdam` computes it:
//!   m <- m + (1 - b1)(g - m);   v <- b2 v + (1 - b2) g^2;   m_hat = m / (1 - b1^t)
//!   rho_inf = 2 / (1 - b2) - 1;   rho_t = rho_inf - 2 t b2^t / (1 - b2^t)
//!   rho_t > 5:  r = sqrt((rho_t - 4)(rho_t - 2) rho_inf / ((rho_inf - 4)(rho_inf - 2) rho_t))
//!               u <- m_hat * sqrt(1 - b2^t) / (sqrt(v) + eps) * r
//!   otherwise:  u <- m_hat   (un-adapted momentum step)
use crate::{Float, State, Tensor, Transform};

/// RAdam's rectified Adam preconditioner.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScaleByRadam {
    /// First-moment decay (torch `betas[0]`).
    pub b1: f64,
    /// Second-moment decay (torch `betas[1]`).
    pub b2: f64,
    /// Added to `sqrt(v)` (torch `eps`).
    pub eps: f64,
}

impl ScaleByRadam {
    /// The rectification factor at step `t` (1-based), or `None` while the variance is intractable.
    pub fn rectification(&self, t: u64) -> Option<f64> {
        let b2t = self.b2.powi(t as i32);
        let rho_inf = 2.0 / (1.0 - self.b2) - 1.0;
        let rho_t = rho_inf - 2.0 * t as f64 * b2t / (1.0 - b2t);
        (rho_t > 5.0).then(|| {
            ((rho_t - 4.0) * (rho_t - 2.0) * rho_inf / ((rho_inf - 4.0) * (rho_inf - 2.0) * rho_t)).sqrt()
        })
    }
}

impl Transform for ScaleByRadam {
    fn init(&self, params: &[Tensor]) -> State {
        State::zeros_like(params, 2)
    }

    fn update(&self, updates: &mut [Tensor], state: &mut State, _params: &[Tensor]) {
        state.count += 1;
        let t = state.count;
        let inv_bc1 = (1.0 / (1.0 - self.b1.powi(t as i32))) as Float;
        let rect = self.rectification(t);
        let adapt = rect.map(|r| ((1.0 - self.b2.powi(t as i32)).sqrt() * r) as Float);
        let (b2, eps) = (self.b2 as Float, self.eps as Float);
        // 1 - b in f64, then rounded once: in f32, 1 - 0.999f32 is off by 1.3e-5 relative
        let (b1_c, b2_c) = ((1.0 - self.b1) as Float, (1.0 - self.b2) as Float);
        let [ms, vs] = state.slots_mut();
        for ((g, m), v) in updates.iter_mut().zip(ms).zip(vs) {
            let (m, v) = (m.data_mut(), v.data_mut());
            for (j, g) in g.data_mut().iter_mut().enumerate() {
                m[j] += b1_c * (*g - m[j]);
                v[j] = b2 * v[j] + b2_c * *g * *g;
                let m_hat = m[j] * inv_bc1;
                *g = match adapt {
                    Some(a) => m_hat * (a / (v[j].sqrt() + eps)),
                    None => m_hat,
                };
            }
        }
    }
}

super::cycled_momentum::beta1_is_momentum!(ScaleByRadam);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rectification_starts_after_rho_exceeds_five() {
        let tx = ScaleByRadam { b1: 0.9, b2: 0.999, eps: 1e-8 };
        // with b2 = 0.999, rho_t first exceeds 5 at t = 6
        assert!(tx.rectification(5).is_none() && tx.rectification(6).is_some());
        assert!(tx.rectification(100_000).is_some_and(|r| (r - 1.0).abs() < 1e-2));
    }
}
