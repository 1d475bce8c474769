//! torch `ExponentialLR`: `lr_t = base * gamma^t`.
use super::described_schedule::{given, DescribedSchedule};
use crate::describe::{Described, Field, Hyper, Range};
use crate::Schedule;
use crate::ScheduleConfig;

/// Decays the rate by `gamma` every step (torch `ExponentialLR`).
///
/// ```
/// use downhill_optim::{Exponential, Schedule};
/// let lr = Exponential { base: 1.0, gamma: 0.5 }.at(3);
/// assert!((lr - 0.125).abs() < 1e-12, "{lr}"); // 0.5 powf 3: f64 powf, 1e-12
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Exponential {
    /// The rate at step 0.
    pub base: f64,
    /// Factor applied every step; < 1 decays.
    pub gamma: f64,
}

impl Schedule for Exponential {
    fn at(&self, step: u64) -> f64 {
        self.base * self.gamma.powf(step as f64)
    }
}

/// torch `ExponentialLR(gamma)`: `gamma` has no default, so it is `None` until given.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExponentialOptions {
    /// Factor applied every step (torch `gamma`, required); > 0. `None` until given.
    pub gamma: Option<f64>,
}

impl Described for ExponentialOptions {
    const NAME: &'static str = "exponential";
    const OPTIONS: &'static [Hyper<Self>] = &[Hyper::with(
        "gamma",
        Range::Positive,
        "multiplicative factor of decay",
        Field::DerivedFloat(|o: &mut Self| &mut o.gamma),
    )
    .required()];
}

impl DescribedSchedule for ExponentialOptions {
    fn to_config(&self, _lr: f64) -> ScheduleConfig {
        ScheduleConfig::Exponential { gamma: given(self.gamma) }
    }
}
