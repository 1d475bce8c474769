//! torch `ConstantLR`: `lr_t = base * factor` for `t < total_iters`, then `base`.
use super::described_schedule::DescribedSchedule;
use crate::describe::{Described, Hyper, Range};
use crate::Schedule;
use crate::ScheduleConfig;

/// A constant reduced rate for the first `total_iters` steps (torch `ConstantLR`; defaults 1/3, 5).
///
/// ```
/// use downhill_optim::{ConstantFactor, Schedule};
/// let s = ConstantFactor { base: 1.0, factor: 0.5, total_iters: 2 };
/// // Exact: base 1 times the factor 0.5 or 1, products by powers of two.
/// assert_eq!((s.at(1), s.at(2)), (0.5, 1.0));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ConstantFactor {
    /// The rate after the reduced steps.
    pub base: f64,
    /// Multiplier of `base` for the first `total_iters` steps.
    pub factor: f64,
    /// Steps at the reduced rate (0: none).
    pub total_iters: u64,
}

impl Schedule for ConstantFactor {
    fn at(&self, step: u64) -> f64 {
        if step < self.total_iters {
            self.base * self.factor
        } else {
            self.base
        }
    }
}

/// torch `ConstantLR(factor=1/3, total_iters=5)`.
#[derive(Clone, Debug, PartialEq)]
pub struct ConstantFactorOptions {
    /// Multiplier of the rate until `total_iters` (torch `factor`, default 1/3); in [0, 1].
    pub factor: f64,
    /// Steps at the reduced rate (torch `total_iters`, default 5; 0 accepted).
    pub total_iters: usize,
}

impl Default for ConstantFactorOptions {
    fn default() -> Self {
        ConstantFactorOptions { factor: 1.0 / 3.0, total_iters: 5 }
    }
}

impl Described for ConstantFactorOptions {
    const NAME: &'static str = "constant-factor";
    const OPTIONS: &'static [Hyper<Self>] = &[
        Hyper::float(
            "factor",
            Range::UnitClosed,
            "multiplier of the rate until total_iters",
            |o: &mut Self| &mut o.factor,
        ),
        // torch accepts 0 (no reduced steps at all).
        Hyper::count("total_iters", "steps at the reduced rate", |o: &mut Self| &mut o.total_iters)
            .in_range(Range::Any),
    ];
}

impl DescribedSchedule for ConstantFactorOptions {
    fn to_config(&self, _lr: f64) -> ScheduleConfig {
        ScheduleConfig::ConstantFactor { factor: self.factor, total_iters: self.total_iters as u64 }
    }
}
