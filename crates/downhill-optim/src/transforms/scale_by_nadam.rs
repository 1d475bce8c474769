//! NAdam (Dozat 2016) as `torch.optim.NAdam` computes it, with momentum decay psi:
//!   mu_t = b1 (1 - 0.5 * 0.96^(t psi));   mu_{t+1} likewise;   P_t = prod_{i<=t} mu_i (`scalars[MU_PRODUCT]`)
//!   m <- m + (1 - b1)(g - m);   v <- b2 v + (1 - b2) g^2;   d = sqrt(v / (1 - b2^t)) + eps
//!   u <- (1 - mu_t) / (1 - P_t) * g / d  +  mu_{t+1} / (1 - P_t mu_{t+1}) * m / d
//! torch applies the two terms to `p` one after the other, each times `-lr`; here `ScaleByLr` does.
//! The mu product and both coefficients are kept in f64.
use crate::{Float, State, Tensor, Transform};

const MU_PRODUCT: usize = 0;

/// NAdam's Nesterov-style Adam preconditioner.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScaleByNadam {
    /// First-moment decay (torch `betas[0]`).
    pub b1: f64,
    /// Second-moment decay (torch `betas[1]`).
    pub b2: f64,
    /// Added to the bias-corrected `sqrt(v)` (torch `eps`).
    pub eps: f64,
    /// Momentum decay `psi` (torch `momentum_decay`).
    pub momentum_decay: f64,
}

impl Transform for ScaleByNadam {
    fn init(&self, params: &[Tensor]) -> State {
        State { scalars: vec![1.0], ..State::zeros_like(params, 2) }
    }

    fn update(&self, updates: &mut [Tensor], state: &mut State, _params: &[Tensor]) {
        state.count += 1;
        let t = state.count as f64;
        let mu = self.b1 * (1.0 - 0.5 * 0.96f64.powf(t * self.momentum_decay));
        let mu_next = self.b1 * (1.0 - 0.5 * 0.96f64.powf((t + 1.0) * self.momentum_decay));
        state.scalars[MU_PRODUCT] *= mu;
        let product = state.scalars[MU_PRODUCT];
        let c_grad = ((1.0 - mu) / (1.0 - product)) as Float;
        let c_avg = (mu_next / (1.0 - product * mu_next)) as Float;
        let bc2 = (1.0 - self.b2.powf(t)) as Float;
        let (b2, eps) = (self.b2 as Float, self.eps as Float);
        // 1 - b in f64, then rounded once: in f32, 1 - 0.999f32 is off by 1.3e-5 relative
        let (b1_c, b2_c) = ((1.0 - self.b1) as Float, (1.0 - self.b2) as Float);
        let [ms, vs] = state.slots_mut();
        for ((g, m), v) in updates.iter_mut().zip(ms).zip(vs) {
            let (m, v) = (m.data_mut(), v.data_mut());
            for (j, g) in g.data_mut().iter_mut().enumerate() {
                m[j] += b1_c * (*g - m[j]);
                v[j] = b2 * v[j] + b2_c * *g * *g;
                let d = (v[j] / bc2).sqrt() + eps;
                *g = c_grad * *g / d + c_avg * m[j] / d;
            }
        }
    }
}

super::cycled_momentum::beta1_is_momentum!(ScaleByNadam);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mu_product_accumulates_in_f64() {
        let tx = ScaleByNadam { b1: 0.9, b2: 0.999, eps: 1e-8, momentum_decay: 4e-3 };
        let params = [Tensor::vector(vec![0.0])];
        let mut state = tx.init(&params);
        for _ in 0..2 {
            tx.update(&mut [Tensor::vector(vec![1.0])], &mut state, &params);
        }
        let mu = |t: f64| 0.9 * (1.0 - 0.5 * 0.96f64.powf(t * 4e-3));
        assert!((state.scalars[0] - mu(1.0) * mu(2.0)).abs() < 1e-15);
    }
}
