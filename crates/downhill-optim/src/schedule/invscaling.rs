//! scikit-learn SGD `learning_rate="invscaling"`: `eta_t = eta0 / t^power_t` with `t = step + 1`
//! (sklearn counts samples seen from 1; `_sgd_fast.pyx`).
use super::described_schedule::DescribedSchedule;
use crate::describe::{Described, Hyper, Range};
use crate::Schedule;
use crate::ScheduleConfig;

/// sklearn's inverse-scaling rate (defaults eta0 0.01, power_t 0.25 in `SGDClassifier`).
///
/// ```
/// use downhill_optim::{InvScaling, Schedule};
/// let s = InvScaling { eta0: 0.1, power_t: 0.5 };
/// // 0.1 / (t + 1) powf 0.5: f64 powf and a division, 1e-12.
/// assert!((s.at(0) - 0.1).abs() < 1e-12 && (s.at(3) - 0.05).abs() < 1e-12, "{} {}", s.at(0), s.at(3));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct InvScaling {
    /// The rate at step 0 (sklearn `eta0`).
    pub eta0: f64,
    /// Exponent of the decay (sklearn `power_t`).
    pub power_t: f64,
}

impl Schedule for InvScaling {
    fn at(&self, step: u64) -> f64 {
        self.eta0 / ((step + 1) as f64).powf(self.power_t)
    }
}

/// scikit-learn's `learning_rate="invscaling"` with its default `power_t=0.25`.
#[derive(Clone, Debug, PartialEq)]
pub struct InvScalingOptions {
    /// Exponent of the decay `lr / t^power_t` (sklearn `power_t`, default 0.25); >= 0.
    pub power_t: f64,
}

impl Default for InvScalingOptions {
    fn default() -> Self {
        InvScalingOptions { power_t: 0.25 }
    }
}

impl Described for InvScalingOptions {
    const NAME: &'static str = "invscaling";
    const OPTIONS: &'static [Hyper<Self>] = &[Hyper::float(
        "power_t",
        Range::NonNegative,
        "exponent of the inverse scaling lr / t^power_t",
        |o: &mut Self| &mut o.power_t,
    )];
}

impl DescribedSchedule for InvScalingOptions {
    fn to_config(&self, _lr: f64) -> ScheduleConfig {
        ScheduleConfig::InvScaling { power_t: self.power_t }
    }
}
