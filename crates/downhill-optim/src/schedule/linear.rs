//! torch `LinearLR`: the factor moves linearly from `start_factor` to `end_factor` over `total_iters`:
//!   lr_t = base * (start_factor + (end_factor - start_factor) * min(t, total_iters) / total_iters)
use crate::Schedule;

/// A linear ramp of the rate's factor (torch `LinearLR`; defaults 1/3 -> 1 over 5 steps).
///
/// ```
/// use downhill_optim::{Linear, Schedule};
/// let s = Linear { base: 1.0, start_factor: 0.5, end_factor: 1.0, total_iters: 5 };
/// // 0.5 + 0.5 · progress: f64 products and sums, 1e-12.
/// let want = [(0, 0.5), (5, 1.0), (50, 1.0)];
/// assert!(want.iter().all(|&(k, w)| (s.at(k) - w).abs() < 1e-12), "{:?}", want.map(|(k, _)| s.at(k)));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Linear {
    pub base: f64,
    pub start_factor: f64,
    pub end_factor: f64,
    pub total_iters: u64,
}

impl Linear {
    /// torch's defaults: `start_factor = 1/3`, `end_factor = 1`, `total_iters = 5`.
    pub fn torch_default(base: f64) -> Linear {
        Linear { base, start_factor: 1.0 / 3.0, end_factor: 1.0, total_iters: 5 }
    }
}

impl Schedule for Linear {
    fn at(&self, step: u64) -> f64 {
        if self.total_iters == 0 {
            return self.base * self.end_factor;
        }
        let progress = step.min(self.total_iters) as f64 / self.total_iters as f64;
        self.base * (self.start_factor + (self.end_factor - self.start_factor) * progress)
    }
}
