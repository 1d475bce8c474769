//! Adafactor (Shazeer & Stern 2018) as `torch.optim.Adafactor` (torch >= 2.5) computes it
//! (`_single_tensor_adafactor`). Step t with this step's rate lr_t, for each parameter p of n values:
//!   w = t^beta2_decay;   rho = min(lr_t, 1 / sqrt(t));   alpha = max(eps2, |p| / sqrt(n)) rho
//!   u = g / sqrt(v), v the second moment of `factored_moment` (eps1 unset: the float's epsilon)
//!   p <- p (1 - lr_t wd) - alpha / max(1, |u| / (sqrt(n) d)) u
//! alpha is a relative step, a fraction of p's RMS capped by the rate, and d caps the update's RMS.
//! The rate is no factor of the step, so this link holds it; the decay is lr_t wd, decoupled, and
//! p's RMS is taken before it, as in torch.
use super::factored_moment::{moment_shapes, precondition};
use crate::{Float, ScaleByLr, State, Tensor, Transform};

const RATE: usize = 0; // inner state: the rate source's

/// Adafactor's relative, clipped step with factored second moments; the whole step.
#[derive(Clone, Debug)]
pub struct ScaleByAdafactor {
    /// Second-moment decay exponent: step `t` weighs `t^beta2_decay` (torch `beta2_decay`, <= 0).
    pub beta2_decay: f64,
    /// Floor of the second moment (squared) and of its row mean; `None`: `Float::EPSILON`, as
    /// torch's `None` is the machine epsilon of the parameters' dtype.
    pub eps1: Option<f64>,
    /// Floor of the parameter RMS that scales the step.
    pub eps2: f64,
    /// Clipping threshold of the update's RMS (torch `d`).
    pub d: f64,
    /// Decoupled weight decay, times the rate (torch `weight_decay`).
    pub weight_decay: f64,
    /// The rate source; the rate caps the relative step.
    pub rate: ScaleByLr,
}

impl Transform for ScaleByAdafactor {
    fn init(&self, params: &[Tensor]) -> State {
        let shapes: Vec<[Vec<usize>; 3]> = params.iter().map(|p| moment_shapes(p.dims())).collect();
        let slot = |k: usize| shapes.iter().map(|s| Tensor::zeros(s[k].clone())).collect();
        State { slots: (0..3).map(slot).collect(), inner: vec![self.rate.init(params)], ..State::empty() }
    }

    fn update(&self, updates: &mut [Tensor], state: &mut State, params: &[Tensor]) {
        let lr = self.rate.advance(&mut state.inner[RATE]);
        state.count += 1;
        let t = state.count as f64;
        let (w, rho) = (t.powf(self.beta2_decay), lr.min(1.0 / t.sqrt()));
        let eps1 = self.eps1.map_or(Float::EPSILON, |e| e as Float);
        let decay = (lr * self.weight_decay) as Float;
        let [rows, cols, fulls] = state.slots_mut();
        let buffers = rows.iter_mut().zip(cols.iter_mut()).zip(fulls.iter_mut());
        for (((u, p), ((row, col), full)), n) in
            updates.iter_mut().zip(params).zip(buffers).zip(params.iter().map(Tensor::numel))
        {
            if n == 0 {
                continue;
            }
            let alpha = rms(p).max(self.eps2) * rho;
            precondition(u, [row, col, full], w, eps1);
            let step = (alpha / (rms(u) / self.d).max(1.0)) as Float;
            for (u, &p) in u.data_mut().iter_mut().zip(p.data()) {
                *u = if decay != 0.0 { -(step * *u + decay * p) } else { -step * *u };
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

/// Root mean square, `|x| / sqrt(n)`, summed in f64.
fn rms(x: &Tensor) -> f64 {
    (x.sum_squares() / x.numel() as f64).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tx(lr: f64, weight_decay: f64) -> ScaleByAdafactor {
        let rate = ScaleByLr::new(lr);
        ScaleByAdafactor { beta2_decay: -0.8, eps1: None, eps2: 1e-3, d: 1.0, weight_decay, rate }
    }

    #[test]
    fn the_step_is_a_fraction_of_the_parameter_rms_capped_by_the_rate() {
        // t = 1: w = 1, so v = g^2 and u = sign(g), RMS 1 (no clipping); alpha = RMS(p) rho.
        let p = [Tensor::vector(vec![3.0, -4.0])]; // RMS sqrt(12.5)
        let step = |lr: f64, wd: f64| {
            let tx = tx(lr, wd);
            let mut state = tx.init(&p);
            let mut u = vec![Tensor::vector(vec![0.5, 0.5])];
            tx.update(&mut u, &mut state, &p);
            u[0].data().to_vec()
        };
        let rms = 12.5f64.sqrt();
        // rho = min(0.01, 1) = 0.01: u = -0.01 RMS(p) sign(g)
        let u = step(0.01, 0.0);
        assert!((u[0] as f64 + 0.01 * rms).abs() < 1e-6 && (u[1] as f64 + 0.01 * rms).abs() < 1e-6, "{u:?}");
        // rho = min(5, 1 / sqrt(1)) = 1; the decay is lr wd p = 0.5 p, not scaled by alpha
        let u = step(5.0, 0.1);
        assert!((u[1] as f64 - (-rms + 0.5 * 4.0)).abs() < 1e-5, "{u:?}");
    }

    #[test]
    fn d_clips_the_update_rms_and_eps2_floors_the_scale() {
        // p = 0, so alpha = eps2 rho. Step 2 has g = 1 after g = 1e-3: v = lerp(1e-6, 1, 2^-0.8)
        // ~ 0.574 and u = 1 / sqrt(v) ~ 1.32 in both places, RMS > d = 1, so u is scaled to RMS 1.
        let tx = tx(0.01, 0.0);
        let p = [Tensor::vector(vec![0.0, 0.0])];
        let mut state = tx.init(&p);
        tx.update(&mut [Tensor::vector(vec![1e-3, 1e-3])], &mut state, &p);
        let mut u = vec![Tensor::vector(vec![1.0, 1.0])];
        tx.update(&mut u, &mut state, &p);
        let want = -1e-3 * 0.01f64.min(1.0 / 2f64.sqrt());
        assert!(u[0].data().iter().all(|&x| (x as f64 - want).abs() < 1e-11), "{:?}", u[0].data());
    }
}
