//! torch `CosineAnnealingLR`:
//!   lr_t = eta_min + (base - eta_min) * (1 + cos(pi * t / t_max)) / 2
//! for every `t`, *including* `t > t_max`: torch's recursive update keeps following this cosine, so
//! the rate climbs back to `base` at `t = 2 t_max` and repeats with period `2 t_max`. We reproduce
//! that (the parity data checks it); use `Join` with `Constant` if you want to hold at `eta_min`.
use crate::Schedule;
use std::f64::consts::PI;

/// Cosine annealing from `base` to `eta_min` over `t_max` steps (torch `CosineAnnealingLR`).
///
/// ```
/// use downhill_optim::{Cosine, Schedule};
/// let s = Cosine { base: 1.0, eta_min: 0.0, t_max: 100 };
/// assert!((s.at(50) - 0.5).abs() < 1e-12 && s.at(100).abs() < 1e-12);
/// assert!((s.at(200) - 1.0).abs() < 1e-12); // past t_max torch climbs back up
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cosine {
    pub base: f64,
    pub eta_min: f64,
    pub t_max: u64,
}

impl Schedule for Cosine {
    fn at(&self, step: u64) -> f64 {
        let phase = PI * step as f64 / self.t_max.max(1) as f64;
        self.eta_min + (self.base - self.eta_min) * (1.0 + phase.cos()) / 2.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_including_past_t_max() {
        let s = Cosine { base: 1.0, eta_min: 0.1, t_max: 10 };
        for (t, want) in [(0, 1.0), (5, 0.55), (10, 0.1), (15, 0.55), (20, 1.0), (30, 0.1)] {
            assert!((s.at(t) - want).abs() < 1e-12, "t={t}: {} vs {want}", s.at(t));
        }
    }
}
