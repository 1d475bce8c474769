//! torch `PolynomialLR`: `lr_t = base * (1 - min(t, total_iters) / total_iters)^power`.
use super::described_schedule::DescribedSchedule;
use crate::describe::{Described, Hyper, Range};
use crate::Schedule;
use crate::ScheduleConfig;

/// Polynomial decay to zero over `total_iters` steps (torch `PolynomialLR`; defaults 5, 1.0).
///
/// ```
/// use downhill_optim::{Polynomial, Schedule};
/// let s = Polynomial { base: 1.0, total_iters: 4, power: 2.0 };
/// assert!((s.at(2) - 0.25).abs() < 1e-12, "{}", s.at(2)); // 0.5 powf 2: f64 powf, 1e-12
/// // Exact: at and past the end the base is 0, and 0 powf 2 = 0 (C Annex F).
/// assert_eq!((s.at(4), s.at(9)), (0.0, 0.0));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Polynomial {
    /// The rate at step 0.
    pub base: f64,
    /// Steps of the decay; the rate is 0 from then on.
    pub total_iters: u64,
    /// Exponent of the decay (1: linear).
    pub power: f64,
}

impl Schedule for Polynomial {
    fn at(&self, step: u64) -> f64 {
        let left = 1.0 - step.min(self.total_iters) as f64 / self.total_iters.max(1) as f64;
        self.base * left.powf(self.power)
    }
}

/// torch `PolynomialLR(total_iters=5, power=1)`.
#[derive(Clone, Debug, PartialEq)]
pub struct PolynomialOptions {
    /// Steps of the decay (torch `total_iters`, default 5; 0 accepted).
    pub total_iters: usize,
    /// Exponent of the decay (torch `power`, default 1); >= 0.
    pub power: f64,
}

impl Default for PolynomialOptions {
    fn default() -> Self {
        PolynomialOptions { total_iters: 5, power: 1.0 }
    }
}

impl Described for PolynomialOptions {
    const NAME: &'static str = "polynomial";
    const OPTIONS: &'static [Hyper<Self>] = &[
        // torch accepts 0; `Polynomial` then holds the rate at 0 from the start.
        Hyper::count("total_iters", "steps of the decay", |o: &mut Self| &mut o.total_iters)
            .in_range(Range::Any),
        Hyper::float("power", Range::NonNegative, "exponent of the decay", |o: &mut Self| &mut o.power),
    ];
}

impl DescribedSchedule for PolynomialOptions {
    fn to_config(&self, _lr: f64) -> ScheduleConfig {
        ScheduleConfig::Polynomial { total_iters: Some(self.total_iters as u64), power: self.power }
    }
}
