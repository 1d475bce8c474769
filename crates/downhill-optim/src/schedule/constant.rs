//! The constant schedule: `lr_t = lr`.
use super::described_schedule::DescribedSchedule;
use crate::describe::{Described, Hyper};
use crate::Schedule;
use crate::ScheduleConfig;

/// The same learning rate at every step.
///
/// ```
/// use downhill_optim::{Constant, Schedule};
/// assert_eq!(Constant(0.1).at(1_000), 0.1); // exact: the constant itself, no arithmetic
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Constant(pub f64);

impl Schedule for Constant {
    fn at(&self, _step: u64) -> f64 {
        self.0
    }
}

/// The constant rate has no options: the optimizer's `lr` throughout.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ConstantOptions;

impl Described for ConstantOptions {
    const NAME: &'static str = "constant";
    const OPTIONS: &'static [Hyper<Self>] = &[];
}

impl DescribedSchedule for ConstantOptions {
    fn to_config(&self, _lr: f64) -> ScheduleConfig {
        ScheduleConfig::Constant
    }
}
