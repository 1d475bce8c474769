//! torch `CosineAnnealingLR`:
//!   lr_t = eta_min + (base - eta_min) * (1 + cos(pi * t / t_max)) / 2
//! for every `t`, *including* `t > t_max`: torch's recursive update keeps following this cosine, so
//! the rate climbs back to `base` at `t = 2 t_max` and repeats with period `2 t_max`. We reproduce
//! that (the parity data checks it); use `Join` with `Constant` if you want to hold at `eta_min`.
use super::described_schedule::DescribedSchedule;
use crate::describe::{Described, Field, Hyper, Range};
use crate::Schedule;
use crate::ScheduleConfig;
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
    /// The rate at step 0 (and at every multiple of `2 t_max`).
    pub base: f64,
    /// The lowest rate, reached at `t_max` (torch `eta_min`).
    pub eta_min: f64,
    /// Half-period of the cosine, in steps (torch `T_max`); 0 is treated as 1.
    pub t_max: u64,
}

impl Schedule for Cosine {
    fn at(&self, step: u64) -> f64 {
        let phase = PI * step as f64 / self.t_max.max(1) as f64;
        self.eta_min + (self.base - self.eta_min) * (1.0 + phase.cos()) / 2.0
    }
}

/// torch `CosineAnnealingLR(T_max, eta_min=0)`. torch requires `T_max`; a training run, whose
/// length is known, may leave it `None`: the whole run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CosineOptions {
    /// Half-period of the cosine in steps (torch `T_max`, required; `None`: the whole training run); >= 1.
    pub t_max: Option<usize>,
    /// The lowest rate (torch `eta_min`, default 0); >= 0.
    pub eta_min: f64,
}

impl Described for CosineOptions {
    const NAME: &'static str = "cosine";
    const OPTIONS: &'static [Hyper<Self>] = &[
        Hyper::with(
            "t_max",
            Range::AtLeastOne,
            "half-period of the cosine (train: the whole run by default)",
            Field::DerivedCount(|o: &mut Self| &mut o.t_max),
        )
        .run_length(),
        Hyper::float("eta_min", Range::NonNegative, "minimum learning rate", |o: &mut Self| &mut o.eta_min),
    ];
}

impl DescribedSchedule for CosineOptions {
    fn to_config(&self, _lr: f64) -> ScheduleConfig {
        ScheduleConfig::Cosine { t_max: self.t_max.map(|t| t as u64), eta_min: self.eta_min }
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
