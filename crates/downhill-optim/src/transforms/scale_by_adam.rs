//! Adam's preconditioner (Kingma & Ba 2015), in `torch.optim.Adam`'s order of operations:
//!   m <- m + (1 - b1) (g - m);   v <- b2 v + (1 - b2) g^2;   amsgrad: v_max <- max(v_max, v)
//!   u <- m / (sqrt(v or v_max) / sqrt(1 - b2^t) + eps) / (1 - b1^t)
//! torch then does `p -= lr / (1 - b1^t) * m / denom`; the `-lr` comes from the `ScaleByLr` link.
//! Bias corrections are computed in f64 and converted once per step. Division by sqrt(1 - b2^t)
//! is done as multiplication by its reciprocal (one rounding more than torch's `/`, within an ulp of
//! the denominator): the divider is the slowest unit on the path, and with two divisions per element
//! a 10M-parameter step was bound by it, not by memory (fused.rs).
use crate::blocks::{self, Target};
use crate::fused::StageKind;
use crate::{Float, Kernel, Stage, State, Tensor, Transform};
use downhill_tensor::vectorized;

/// Adam's bias-corrected moment ratio. `amsgrad` keeps the running max of the raw second moment.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScaleByAdam {
    /// First-moment decay (torch `betas[0]`).
    pub b1: f64,
    /// Second-moment decay (torch `betas[1]`).
    pub b2: f64,
    /// Added to the bias-corrected `sqrt(v)` (torch `eps`).
    pub eps: f64,
    /// Divide by the running maximum of `v` (torch `amsgrad`).
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

    fn update(&self, updates: &mut [Tensor], state: &mut State, params: &[Tensor]) {
        blocks::run(self, updates, state, Target::Updates(params));
    }

    fn is_elementwise(&self) -> bool {
        true
    }

    fn begin_step(&self, state: &mut State) -> Option<Box<dyn Kernel>> {
        assert!(state.slots.len() >= 2, "ScaleByAdam: state has no moments");
        state.count += 1;
        let t = state.count as i32;
        Some(Box::new(AdamStep {
            inv_bc1: (1.0 / (1.0 - self.b1.powi(t))) as Float,
            inv_sqrt_bc2: (1.0 / (1.0 - self.b2.powi(t)).sqrt()) as Float,
            b2: self.b2 as Float,
            eps: self.eps as Float,
            // 1 - b in f64, then rounded once: in f32, 1 - 0.999f32 is off by 1.3e-5 relative
            b1_c: (1.0 - self.b1) as Float,
            b2_c: (1.0 - self.b2) as Float,
            amsgrad: self.amsgrad,
        }))
    }
}

/// Step t's constants; slots are m, v and (amsgrad) v_max.
#[derive(Clone, Copy, Debug)]
pub(crate) struct AdamStep {
    inv_bc1: Float,
    inv_sqrt_bc2: Float,
    b2: Float,
    eps: Float,
    b1_c: Float,
    b2_c: Float,
    pub(crate) amsgrad: bool,
}

impl AdamStep {
    /// One element: advances m and v, returns the update. The block loops and fused.rs share it.
    #[inline(always)]
    pub(crate) fn element(self, g: Float, m: &mut Float, v: &mut Float) -> Float {
        *m += self.b1_c * (g - *m);
        *v = self.b2 * *v + self.b2_c * g * g;
        self.ratio(*m, *v)
    }

    /// AMSGrad's element: as `element`, but the denominator uses the running max of v.
    #[inline(always)]
    pub(crate) fn element_amsgrad(self, g: Float, m: &mut Float, v: &mut Float, vmax: &mut Float) -> Float {
        *m += self.b1_c * (g - *m);
        *v = self.b2 * *v + self.b2_c * g * g;
        *vmax = vmax.max(*v);
        self.ratio(*m, *vmax)
    }

    #[inline(always)]
    fn ratio(self, m: Float, v: Float) -> Float {
        m / (v.sqrt() * self.inv_sqrt_bc2 + self.eps) * self.inv_bc1
    }
}

impl Kernel for AdamStep {
    fn apply(&self, u: &mut [Float], _p: &[Float], slots: &mut [&mut [Float]]) {
        let c = *self;
        match slots {
            [m, v, vmax, ..] if self.amsgrad => vectorized(move || amsgrad(c, u, m, v, vmax)),
            [m, v, ..] => vectorized(move || adam(c, u, m, v)),
            _ => panic!("ScaleByAdam: state has no moments"),
        }
    }

    fn stages(&self) -> Option<Vec<Stage>> {
        Some(vec![Stage(StageKind::Adam(*self))])
    }
}

// The loops take the buffers as separate `&mut` arguments (and the constants by value) so LLVM knows
// nothing aliases and vectorises them; iterating zipped slices from a closure stayed scalar.
#[inline(always)]
fn adam(c: AdamStep, u: &mut [Float], m: &mut [Float], v: &mut [Float]) {
    let (m, v) = (&mut m[..u.len()], &mut v[..u.len()]);
    for j in 0..u.len() {
        u[j] = c.element(u[j], &mut m[j], &mut v[j]);
    }
}

#[inline(always)]
fn amsgrad(c: AdamStep, u: &mut [Float], m: &mut [Float], v: &mut [Float], vmax: &mut [Float]) {
    let (m, v, vmax) = (&mut m[..u.len()], &mut v[..u.len()], &mut vmax[..u.len()]);
    for j in 0..u.len() {
        u[j] = c.element_amsgrad(u[j], &mut m[j], &mut v[j], &mut vmax[j]);
    }
}

super::cycled_momentum::beta1_is_momentum!(ScaleByAdam);

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
