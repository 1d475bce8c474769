//! Adamax (Kingma & Ba 2015, sec. 7.1), as `torch.optim.Adamax` computes it (eps inside the max):
//!   m <- m + (1 - b1) (g - m);   n <- max(b2 n, |g| + eps);   u <- m / n / (1 - b1^t)
use crate::{Float, State, Tensor, Transform};

/// Adamax's infinity-norm preconditioner.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScaleByAdamax {
    /// First-moment decay (torch `betas[0]`).
    pub b1: f64,
    /// Decay of the infinity norm (torch `betas[1]`).
    pub b2: f64,
    /// Added to `|g|` inside the max (torch `eps`).
    pub eps: f64,
}

impl Transform for ScaleByAdamax {
    fn init(&self, params: &[Tensor]) -> State {
        State::zeros_like(params, 2)
    }

    fn update(&self, updates: &mut [Tensor], state: &mut State, _params: &[Tensor]) {
        state.count += 1;
        let inv_bc1 = (1.0 / (1.0 - self.b1.powi(state.count as i32))) as Float;
        let (b2, eps) = (self.b2 as Float, self.eps as Float);
        let b1_c = (1.0 - self.b1) as Float; // 1 - b1 in f64, rounded once

        let [ms, ns] = state.slots_mut();
        for ((g, m), n) in updates.iter_mut().zip(ms).zip(ns) {
            let (m, n) = (m.data_mut(), n.data_mut());
            for (j, g) in g.data_mut().iter_mut().enumerate() {
                m[j] += b1_c * (*g - m[j]);
                n[j] = (b2 * n[j]).max(g.abs() + eps);
                *g = m[j] / n[j] * inv_bc1;
            }
        }
    }
}

super::cycled_momentum::beta1_is_momentum!(ScaleByAdamax);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_step_is_sign_of_gradient() {
        let tx = ScaleByAdamax { b1: 0.9, b2: 0.999, eps: 1e-8 };
        let params = [Tensor::vector(vec![0.0])];
        let mut state = tx.init(&params);
        let mut u = vec![Tensor::vector(vec![-4.0])];
        tx.update(&mut u, &mut state, &params);
        assert!((u[0].data()[0] + 1.0).abs() < 1e-6);
    }
}
