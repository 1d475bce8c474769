//! torch `MultiStepLR`: `lr_t = base * gamma^(number of milestones <= t)`.
use super::described_schedule::DescribedSchedule;
use crate::describe::{Described, Field, Hyper, Range};
use crate::Schedule;
use crate::ScheduleConfig;

/// Multiplies the rate by `gamma` at each milestone step (torch `MultiStepLR`).
///
/// ```
/// use downhill_optim::{MultiStep, Schedule};
/// let s = MultiStep { base: 1.0, milestones: vec![2, 5], gamma: 0.1 };
/// assert_eq!(s.at(1), 1.0); // exact: before any milestone it is base · 0.1 powi 0 = 1 · 1
/// assert!((s.at(5) - 0.01).abs() < 1e-15);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct MultiStep {
    /// The rate before the first milestone.
    pub base: f64,
    /// Steps at which the rate is multiplied by `gamma` (any order; repeats multiply again, as in torch).
    pub milestones: Vec<u64>,
    /// Factor applied at each milestone.
    pub gamma: f64,
}

impl Schedule for MultiStep {
    fn at(&self, step: u64) -> f64 {
        let passed = self.milestones.iter().filter(|&&m| m <= step).count();
        self.base * self.gamma.powi(passed as i32)
    }
}

/// torch `MultiStepLR(milestones, gamma=0.1)`: `milestones` has no default (empty until given).
#[derive(Clone, Debug, PartialEq)]
pub struct MultiStepOptions {
    /// Steps at which to decay (torch `milestones`, required; empty until given).
    pub milestones: Vec<usize>,
    /// Factor applied at each milestone (torch `gamma`, default 0.1); > 0.
    pub gamma: f64,
}

impl Default for MultiStepOptions {
    fn default() -> Self {
        MultiStepOptions { milestones: vec![], gamma: 0.1 }
    }
}

impl Described for MultiStepOptions {
    const NAME: &'static str = "multi-step";
    const OPTIONS: &'static [Hyper<Self>] = &[
        Hyper::with(
            "milestones",
            Range::Any,
            "steps at which to decay",
            Field::Counts(|o: &mut Self| &mut o.milestones),
        )
        .required(),
        Hyper::float("gamma", Range::Positive, "multiplicative factor of decay", |o: &mut Self| &mut o.gamma),
    ];
}

impl DescribedSchedule for MultiStepOptions {
    fn to_config(&self, _lr: f64) -> ScheduleConfig {
        let milestones = self.milestones.iter().map(|&m| m as u64).collect();
        ScheduleConfig::MultiStep { milestones, gamma: self.gamma }
    }
}
