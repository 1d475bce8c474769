//! Muon (Jordan et al. 2024, "Muon: an optimizer for hidden layers") as `torch.optim.Muon`'s
//! `_single_tensor_muon` computes it, per matrix parameter of shape [A, B]:
//!   B_t = lerp(B_{t-1}, g, 1 - mu)                       (B_0 = 0: an exponential average)
//!   U = lerp(g, B_t, mu) if nesterov, else B_t
//!   u = ratio(A, B) NS(U)      NS: `newton_schulz.rs`, in bfloat16 as torch runs it
//! ratio is torch's `adjust_lr_fn` (`AdjustLr`). The rate and the decoupled decay are links after
//! it: p <- p - lr_t (u + wd p). A 1-D parameter of length n is the 1 x n matrix (torch refuses
//! it; `downhill optimize`'s point is one); any other rank panics, as torch raises.
use super::newton_schulz::orthogonalize;
use crate::{Float, State, Tensor, Transform};
use serde::{Deserialize, Serialize};

/// torch's `adjust_lr_fn`: how the rate is scaled for a matrix of shape [A, B].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdjustLr {
    /// Keller Jordan's `sqrt(max(1, A / B))` (torch's `None` and `"original"`).
    #[default]
    Original,
    /// Moonshot's `0.2 sqrt(max(A, B))`, matching AdamW's update RMS.
    MatchRmsAdamw,
    /// Bernstein's `sqrt(A / B)`.
    SpectralUnclamped,
}

impl AdjustLr {
    /// The names of the variants in order, as `adjust_lr_fn` spells them.
    pub const NAMES: &'static [&'static str] = &["original", "match_rms_adamw", "spectral_unclamped"];

    /// The factor for a [rows, cols] matrix.
    pub fn ratio(self, rows: usize, cols: usize) -> f64 {
        let (a, b) = (rows as f64, cols as f64);
        match self {
            AdjustLr::Original => (a / b).max(1.0).sqrt(),
            AdjustLr::MatchRmsAdamw => 0.2 * a.max(b).sqrt(),
            AdjustLr::SpectralUnclamped => (a / b).sqrt(),
        }
    }
}

/// Muon's momentum and orthogonalised direction; the rate and decay are links after it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScaleByMuon {
    /// Momentum factor `mu` of the buffer (torch `momentum`).
    pub momentum: f64,
    /// Orthogonalise `lerp(g, B, mu)` instead of `B` (torch `nesterov`).
    pub nesterov: bool,
    /// The Newton–Schulz polynomial's `(a, b, c)` (torch `ns_coefficients`).
    pub ns_coefficients: (f64, f64, f64),
    /// Newton–Schulz iterations (torch `ns_steps`).
    pub ns_steps: usize,
    /// Floor of the norm `U` is divided by first (torch `eps`).
    pub eps: f64,
    /// How the rate is scaled by the matrix's shape (torch `adjust_lr_fn`).
    pub adjust_lr: AdjustLr,
}

/// torch's `lerp(start, end, w)` for one element: two formulas meeting at w = 0.5.
fn lerp(start: Float, end: Float, w: Float) -> Float {
    if w < 0.5 {
        start + w * (end - start)
    } else {
        end - (end - start) * (1.0 - w)
    }
}

/// `t` as the matrix Muon orthogonalises: itself, or a vector as one row.
fn as_matrix(t: &Tensor) -> Tensor {
    match t.rank() {
        2 => t.clone(),
        1 => t.reshape([1, t.numel()]),
        _ => panic!("Muon takes 2-D parameters (a vector as one row), got shape {}", t.shape()),
    }
}

impl Transform for ScaleByMuon {
    fn init(&self, params: &[Tensor]) -> State {
        State::zeros_like(params, 1)
    }

    fn update(&self, updates: &mut [Tensor], state: &mut State, _params: &[Tensor]) {
        state.count += 1;
        let mu = self.momentum as Float;
        let [bufs] = state.slots_mut();
        for (g, buf) in updates.iter_mut().zip(bufs) {
            buf.update_with(g, |b, g| lerp(b, g, (1.0 - self.momentum) as Float));
            let direction = match self.nesterov {
                true => g.zip_map(buf, |g, b| lerp(g, b, mu)),
                false => buf.clone(),
            };
            let m = as_matrix(&direction);
            let o = orthogonalize(&m, self.ns_coefficients, self.ns_steps, self.eps);
            let ratio = self.adjust_lr.ratio(m.rows(), m.cols()) as Float;
            for (u, o) in g.data_mut().iter_mut().zip(o.data()) {
                *u = ratio * o;
            }
        }
    }
}

impl super::WithMomentum for ScaleByMuon {
    fn with_momentum(&self, momentum: f64) -> Self {
        ScaleByMuon { momentum, ..*self }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn torch_s_lr_adjustments_for_a_tall_and_a_wide_matrix() {
        // [8, 2]: original sqrt(4) = 2, match_rms_adamw 0.2 sqrt(8), spectral sqrt(4) = 2;
        // [2, 8]: original clamps sqrt(1/4) up to 1, spectral keeps 0.5.
        assert!((AdjustLr::Original.ratio(8, 2) - 2.0).abs() < 1e-15);
        assert!((AdjustLr::MatchRmsAdamw.ratio(2, 8) - 0.2 * 8f64.sqrt()).abs() < 1e-15);
        assert!((AdjustLr::Original.ratio(2, 8) - 1.0).abs() < 1e-15);
        assert!((AdjustLr::SpectralUnclamped.ratio(2, 8) - 0.5).abs() < 1e-15);
    }

    #[test]
    fn a_vector_steps_along_its_normalised_momentum() {
        // One row [3, 4]: B = 0.05 g, nesterov U = lerp(g, B, 0.95) = 0.0975 g, X = U / |U| =
        // [0.6, 0.8]; every NS step multiplies a unit row by p(s) = a s + b s^3 + c s^5, so the
        // direction stays [0.6, 0.8] (within bf16 rounding, 2^-8 relative) and only its length
        // changes: 1 -> 0.701 -> ... after 5 steps.
        let tx = ScaleByMuon {
            momentum: 0.95,
            nesterov: true,
            ns_coefficients: (3.4445, -4.7750, 2.0315),
            ns_steps: 5,
            eps: 1e-7,
            adjust_lr: AdjustLr::Original,
        };
        let p = [Tensor::vector(vec![0.0, 0.0])];
        let mut state = tx.init(&p);
        let mut u = vec![Tensor::vector(vec![3.0, 4.0])];
        tx.update(&mut u, &mut state, &p);
        let (x, y) = (u[0].data()[0], u[0].data()[1]);
        assert!((x / y - 0.75).abs() < 0.75 * 2.0 / 256.0, "{x} {y}");
        let mut s: f64 = 1.0;
        for _ in 0..5 {
            s = 3.4445 * s - 4.7750 * s.powi(3) + 2.0315 * s.powi(5);
        }
        let len = ((x * x + y * y) as f64).sqrt();
        assert!((len - s).abs() < 0.03, "{len} vs {s}");
        assert!((state.slots[0][0].data()[0] - 0.15).abs() < 1e-6); // B = 0.05 * 3
    }
}
