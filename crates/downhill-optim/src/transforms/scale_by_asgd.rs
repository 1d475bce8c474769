//! Averaged SGD (Polyak & Juditsky 1992, with the decaying rate of Bottou 2012) as `torch.optim.ASGD`
//! computes it (`_single_tensor_asgd`). Step t = 1, 2, ... with this step's rate lr_t:
//!   p <- p (1 - lambd eta) - eta g          i.e. u = -eta (g + lambd p); g holds any weight decay
//!   ax <- p  if mu = 1,  else  ax <- ax + mu (p - ax)       (from the new p)
//!   for the next step:  eta <- lr_t / (1 + lambd lr_t t)^alpha;   mu <- 1 / max(1, t - t0)
//! eta starts at the first step's rate and mu at 1. The iterate p is the parameter (as in torch); the
//! average ax lives in the state (`average`), saved and resumed with it. eta and mu are f64, torch's
//! scalar dtype for a float64 model.
use crate::{Float, ScaleByLr, State, Tensor, Transform};

const ETA: usize = 0; // scalars
const MU: usize = 1;
const RATE: usize = 0; // inner state: the rate source's

/// ASGD's decaying step and running average; the whole step, its rate included. It must be the
/// last link: the average is taken of `p + u` with this link's `u`.
#[derive(Clone, Debug)]
pub struct ScaleByAsgd {
    /// Decay term of the iterate and of the rate (torch `lambd`).
    pub lambd: f64,
    /// Power of the rate's decay (torch `alpha`).
    pub alpha: f64,
    /// Step after which averaging starts (torch `t0`).
    pub t0: f64,
    /// The rate source; the rate enters `eta`.
    pub rate: ScaleByLr,
}

impl ScaleByAsgd {
    /// The averaged parameters `ax` held in a `ScaleByAsgd` link's own state.
    pub fn average(state: &State) -> &[Tensor] {
        &state.slots[0]
    }
}

impl Transform for ScaleByAsgd {
    fn init(&self, params: &[Tensor]) -> State {
        // eta is set again from the rate at the first step, when torch creates its state.
        let rate = self.rate.init(params);
        let scalars = vec![self.rate.lr(&rate).unwrap_or(0.0), 1.0];
        State { scalars, inner: vec![rate], ..State::zeros_like(params, 1) }
    }

    fn update(&self, updates: &mut [Tensor], state: &mut State, params: &[Tensor]) {
        let lr = self.rate.advance(&mut state.inner[RATE]);
        if state.count == 0 {
            state.scalars[ETA] = lr;
        }
        state.count += 1;
        let (eta, mu) = (state.scalars[ETA], state.scalars[MU]);
        let (eta_f, shrink, mu_f) = (eta as Float, (self.lambd * eta) as Float, mu as Float);
        let [axs] = state.slots_mut();
        for ((u, p), ax) in updates.iter_mut().zip(params).zip(axs) {
            let (p, ax) = (p.data(), ax.data_mut());
            for (j, u) in u.data_mut().iter_mut().enumerate() {
                *u = -(shrink * p[j] + eta_f * *u);
                let next = p[j] + *u; // what the optimizer's `p += u` gives
                ax[j] = if mu != 1.0 { ax[j] + mu_f * (next - ax[j]) } else { next };
            }
        }
        let t = state.count as f64;
        state.scalars[ETA] = lr / (1.0 + self.lambd * lr * t).powf(self.alpha);
        state.scalars[MU] = 1.0 / (t - self.t0).max(1.0);
    }

    fn lr(&self, state: &State) -> Option<f64> {
        self.rate.lr(&state.inner[RATE])
    }

    fn scale_lr(&self, state: &mut State, factor: f64) {
        self.rate.scale_lr(&mut state.inner[RATE], factor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rate_decays_and_the_average_starts_after_t0() {
        let tx = ScaleByAsgd { lambd: 0.5, alpha: 1.0, t0: 1.0, rate: ScaleByLr::new(0.1) };
        let mut p = vec![Tensor::vector(vec![1.0])];
        let mut state = tx.init(&p);
        let mut step = |p: &mut Vec<Tensor>| {
            let mut u = vec![Tensor::vector(vec![1.0])];
            tx.update(&mut u, &mut state, p);
            p[0].add_scaled(&u[0], 1.0);
            (p[0].data()[0], ScaleByAsgd::average(&state)[0].data()[0], state.scalars[ETA])
        };
        // t = 1: eta = 0.1, p = 1 (1 - 0.05) - 0.1 = 0.85, ax = p (mu = 1);
        //        then eta = 0.1 / (1 + 0.5 * 0.1 * 1) = 0.1 / 1.05, mu = 1 / max(1, 0) = 1.
        let (p1, ax1, eta1) = step(&mut p);
        assert!((p1 - 0.85).abs() < 1e-6 && (ax1 - 0.85).abs() < 1e-6 && (eta1 - 0.1 / 1.05).abs() < 1e-15);
        // t = 2: p = 0.85 (1 - 0.5 eta1) - eta1 = 0.85 - eta1 1.425, ax = p; then mu = 1 / (2 - 1) = 1.
        let (p2, ax2, _) = step(&mut p);
        let want = 0.85 - 1.425 * 0.1 / 1.05;
        assert!((p2 as f64 - want).abs() < 1e-6 && (ax2 - p2).abs() < 1e-7);
        // t = 3: mu = 1 / (3 - 1) = 0.5 after it; t = 4 averages with mu 0.5: ax = (ax3 + p4) / 2.
        let (_, ax3, _) = step(&mut p);
        let (p4, ax4, _) = step(&mut p);
        assert!((ax4 - 0.5 * (ax3 + p4)).abs() < 1e-6, "{ax3} {p4} {ax4}");
    }
}
