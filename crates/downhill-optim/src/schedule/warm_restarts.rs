//! torch `CosineAnnealingWarmRestarts` (SGDR, Loshchilov & Hutter 2017):
//!   period i lasts T_i = t_0 * t_mult^i steps; within it, with t_cur steps since the restart,
//!   lr = eta_min + (base - eta_min) * (1 + cos(pi * t_cur / T_i)) / 2
use super::described_schedule::{given, DescribedSchedule};
use crate::describe::{Described, Field, Hyper, Range};
use crate::Schedule;
use crate::ScheduleConfig;
use std::f64::consts::PI;

/// Cosine annealing restarted every `t_0`, `t_0 * t_mult`, ... steps.
///
/// ```
/// use downhill_optim::{Schedule, WarmRestarts};
/// let s = WarmRestarts { base: 1.0, eta_min: 0.0, t_0: 10, t_mult: 2 };
/// // restarts after 10, then after 20 more: cos 0 = 1, then f64 products and sums, 1e-12
/// assert!((s.at(10) - 1.0).abs() < 1e-12 && (s.at(30) - 1.0).abs() < 1e-12, "{} {}", s.at(10), s.at(30));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WarmRestarts {
    /// The rate at each restart.
    pub base: f64,
    /// The lowest rate, approached at the end of each period.
    pub eta_min: f64,
    /// Length of the first period in steps; 0 is treated as 1.
    pub t_0: u64,
    /// Growth factor of the period after each restart; 0 is treated as 1.
    pub t_mult: u64,
}

impl Schedule for WarmRestarts {
    fn at(&self, step: u64) -> f64 {
        let (mut t_cur, mut t_i) = (step, self.t_0.max(1));
        while t_cur >= t_i {
            t_cur -= t_i;
            t_i *= self.t_mult.max(1);
        }
        let phase = PI * t_cur as f64 / t_i as f64;
        self.eta_min + (self.base - self.eta_min) * (1.0 + phase.cos()) / 2.0
    }
}

/// torch `CosineAnnealingWarmRestarts(T_0, T_mult=1, eta_min=0)`: `T_0` has no default.
#[derive(Clone, Debug, PartialEq)]
pub struct WarmRestartsOptions {
    /// Steps until the first restart (torch `T_0`, required); >= 1. `None` until given.
    pub t_0: Option<usize>,
    /// Growth factor of the period after each restart (torch `T_mult`, default 1); >= 1.
    pub t_mult: usize,
    /// The lowest rate (torch `eta_min`, default 0); >= 0.
    pub eta_min: f64,
}

impl Default for WarmRestartsOptions {
    fn default() -> Self {
        WarmRestartsOptions { t_0: None, t_mult: 1, eta_min: 0.0 }
    }
}

impl Described for WarmRestartsOptions {
    const NAME: &'static str = "cosine-restarts";
    const OPTIONS: &'static [Hyper<Self>] = &[
        Hyper::with(
            "t_0",
            Range::AtLeastOne,
            "steps until the first restart",
            Field::DerivedCount(|o: &mut Self| &mut o.t_0),
        )
        .required(),
        Hyper::count("t_mult", "growth factor of the restart period", |o: &mut Self| &mut o.t_mult),
        Hyper::float("eta_min", Range::NonNegative, "minimum learning rate", |o: &mut Self| &mut o.eta_min),
    ];
}

impl DescribedSchedule for WarmRestartsOptions {
    fn to_config(&self, _lr: f64) -> ScheduleConfig {
        let (t_0, t_mult) = (given(self.t_0) as u64, self.t_mult as u64);
        ScheduleConfig::WarmRestarts { t_0, t_mult, eta_min: self.eta_min }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_doubles_with_t_mult_two() {
        let s = WarmRestarts { base: 1.0, eta_min: 0.0, t_0: 4, t_mult: 2 };
        for (t, want) in [(0, 1.0), (2, 0.5), (4, 1.0), (8, 0.5), (12, 1.0)] {
            assert!((s.at(t) - want).abs() < 1e-12, "t={t}");
        }
    }
}
