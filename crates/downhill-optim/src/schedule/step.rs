//! torch `StepLR`: `lr_t = base * gamma^floor(t / step_size)`.
use super::described_schedule::{given, DescribedSchedule};
use crate::describe::{Described, Field, Hyper, Range};
use crate::Schedule;
use crate::ScheduleConfig;

/// Multiplies the rate by `gamma` every `step_size` steps (torch `StepLR`, default gamma 0.1).
///
/// ```
/// use downhill_optim::{Schedule, StepLr};
/// let s = StepLr { base: 1.0, step_size: 10, gamma: 0.5 };
/// // base · 0.5 powf k: f64 powf, 1e-12.
/// let want = [(9, 1.0), (10, 0.5), (20, 0.25)];
/// assert!(want.iter().all(|&(k, w)| (s.at(k) - w).abs() < 1e-12), "{:?}", want.map(|(k, _)| s.at(k)));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StepLr {
    /// The rate before the first decay.
    pub base: f64,
    /// Period of decay in steps; 0 is treated as 1.
    pub step_size: u64,
    /// Factor applied every `step_size` steps.
    pub gamma: f64,
}

impl Schedule for StepLr {
    fn at(&self, step: u64) -> f64 {
        let k = step / self.step_size.max(1);
        self.base * self.gamma.powf(k as f64)
    }
}

/// torch `StepLR(step_size, gamma=0.1)`: `step_size` has no default, so it is `None` until given.
#[derive(Clone, Debug, PartialEq)]
pub struct StepLrOptions {
    /// Period of decay in steps (torch `step_size`, required); >= 1. `None` until given.
    pub step_size: Option<usize>,
    /// Factor applied every `step_size` steps (torch `gamma`, default 0.1); > 0.
    pub gamma: f64,
}

impl Default for StepLrOptions {
    fn default() -> Self {
        StepLrOptions { step_size: None, gamma: 0.1 }
    }
}

impl Described for StepLrOptions {
    const NAME: &'static str = "step";
    const OPTIONS: &'static [Hyper<Self>] = &[
        Hyper::with(
            "step_size",
            Range::AtLeastOne,
            "period of decay",
            Field::DerivedCount(|o: &mut Self| &mut o.step_size),
        )
        .required(),
        Hyper::float("gamma", Range::Positive, "multiplicative factor of decay", |o: &mut Self| &mut o.gamma),
    ];
}

impl DescribedSchedule for StepLrOptions {
    fn to_config(&self, _lr: f64) -> ScheduleConfig {
        ScheduleConfig::Step { step_size: given(self.step_size) as u64, gamma: self.gamma }
    }
}
