//! Adam's preconditioner (Kingma & Ba 2015), in `torch.optim.Adam`'s order of operations:
//!   m <- m + (1 - b1) (g - m);   v <- b2 v + (1 - b2) g^2;   amsgrad: v_max <- max(v_max, v)
//!   u <- m / (sqrt(v or v_max) / sqrt(1 - b2^t) + eps) / (1 - b1^t)
//! torch then does `p -= lr / (1 - b1^t) * m / denom`; the `-lr` comes from the `ScaleByLr` link.
//! Bias corrections are computed in f64 and converted once per step.
use crate::{Float, State, Tensor, Transform};

/// Adam's bias-corrected moment ratio. `amsgrad` keeps the running max of the raw second moment.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScaleByAdam {
    pub b1: f64,
    pub b2: f64,
    pub eps: f64,
    pub amsgrad: bool,
}

impl Default for ScaleByAdam {
    fn default() -> Self {
        ScaleByAdam { b1: 0.9, b2: 0.999, eps: 1e-8, amsgrad: false }
    }
}

impl Transform for ScaleByAdam {
    fn init(&self, params: &[Tensor]) -> State {
        State::zeros_like(params, if self.amsgrad { 3 } else { 2 })
    }

    fn update(&self, updates: &mut [Tensor], state: &mut State, _params: &[Tensor]) {
        state.count += 1;
        let t = state.count as i32;
        let inv_bc1 = (1.0 / (1.0 - self.b1.powi(t))) as Float;
        let sqrt_bc2 = (1.0 - self.b2.powi(t)).sqrt() as Float;
        let (b2, eps) = (self.b2 as Float, self.eps as Float);
        // 1 - b in f64, then rounded once: in f32, 1 - 0.999f32 is off by 1.3e-5 relative
        let (b1_c, b2_c) = ((1.0 - self.b1) as Float, (1.0 - self.b2) as Float);
        let amsgrad = self.amsgrad;
        let mut slots = state.slots.iter_mut();
        let (Some(ms), Some(vs)) = (slots.next(), slots.next()) else {
            panic!("ScaleByAdam: state has no moments")
        };
        let mut maxes = slots.next();
        for (i, (g, (m, v))) in updates.iter_mut().zip(ms.iter_mut().zip(vs.iter_mut())).enumerate() {
            let mut vmax = maxes.as_mut().map(|s| s[i].data_mut());
            let (m, v) = (m.data_mut(), v.data_mut());
            for (j, g) in g.data_mut().iter_mut().enumerate() {
                m[j] += b1_c * (*g - m[j]);
                v[j] = b2 * v[j] + b2_c * *g * *g;
                let second = match vmax.as_mut() {
                    Some(vmax) if amsgrad => {
                        vmax[j] = vmax[j].max(v[j]);
                        vmax[j]
                    }
                    _ => v[j],
                };
                *g = m[j] / (second.sqrt() / sqrt_bc2 + eps) * inv_bc1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_step_is_sign_of_gradient() {
        // t = 1: m_hat = g, v_hat = g^2, so u = g / (|g| + eps) ~ sign(g)
        let params = [Tensor::vector(vec![0.0, 0.0])];
        let mut state = ScaleByAdam::default().init(&params);
        let mut u = vec![Tensor::vector(vec![3.0, -0.5])];
        ScaleByAdam::default().update(&mut u, &mut state, &params);
        assert!(
            (u[0].data()[0] - 1.0).abs() < 1e-6 && (u[0].data()[1] + 1.0).abs() < 1e-6,
            "{:?}",
            u[0].data()
        );
    }

    #[test]
    fn amsgrad_keeps_the_largest_raw_second_moment() {
        let tx = ScaleByAdam { amsgrad: true, ..Default::default() };
        let params = [Tensor::vector(vec![0.0])];
        let mut state = tx.init(&params);
        for g in [10.0, 0.0] {
            tx.update(&mut [Tensor::vector(vec![g])], &mut state, &params);
        }
        // v1 = 0.001 * 100 = 0.1; v2 = 0.999 * 0.1 < v1, so the max stays 0.1
        assert!((state.slots[2][0].data()[0] - 0.1).abs() < 1e-6);
        assert!(state.slots[1][0].data()[0] < state.slots[2][0].data()[0]);
    }
}
