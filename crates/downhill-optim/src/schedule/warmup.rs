//! Linear warm-up in front of any schedule, as torch users write it:
//!   SequentialLR([LinearLR(start_factor=1/n, end_factor=1, total_iters=n-1), then], milestones=[n])
//! so `lr_t = base * (t + 1) / n` for `t < n`, then `then.at(t - n)`.
use super::described_schedule::{given, DescribedSchedule};
use crate::describe::{Described, Field, Hyper, OptionInfo, Range, Required};
use crate::{Join, Linear, Schedule, ScheduleConfig};

/// Warms up linearly over `n` steps from `base / n` to `base`, then follows `then` from its step 0.
///
/// ```
/// use downhill_optim::{warmup, Cosine, Schedule};
/// let s = warmup(4, 0.1, Cosine { base: 0.1, eta_min: 0.0, t_max: 100 });
/// assert!((s.at(0) - 0.025).abs() < 1e-15 && (s.at(3) - 0.1).abs() < 1e-15);
/// assert!((s.at(4) - 0.1).abs() < 1e-15); // cosine's step 0
/// ```
pub fn warmup(n: u64, base: f64, then: impl Schedule + 'static) -> Join {
    let n = n.max(1);
    let ramp = Linear { base, start_factor: 1.0 / n as f64, end_factor: 1.0, total_iters: n - 1 };
    Join::new(vec![Box::new(ramp), Box::new(then)], vec![n])
}

/// `linear-warmup` on its own: torch has no such scheduler, and the ramp's length has no sensible
/// default, so `warmup_steps` is required. Any schedule with a base rate takes the same option to
/// put this ramp in front of it (`warmup_info`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LinearWarmupOptions {
    /// Length of the ramp in steps (required); >= 1. `None` until given.
    pub warmup_steps: Option<usize>,
}

impl Described for LinearWarmupOptions {
    const NAME: &'static str = "linear-warmup";
    const OPTIONS: &'static [Hyper<Self>] = &[Hyper::with(
        "warmup_steps",
        Range::AtLeastOne,
        "linear warm-up from lr/N to lr over N steps, in front of the schedule",
        Field::DerivedCount(|o: &mut Self| &mut o.warmup_steps),
    )
    .required()];
}

impl DescribedSchedule for LinearWarmupOptions {
    fn to_config(&self, _lr: f64) -> ScheduleConfig {
        let warmup = given(self.warmup_steps) as u64;
        ScheduleConfig::LinearWarmup { warmup, then: Box::new(ScheduleConfig::Constant) }
    }
}

/// `warmup_steps` as an option of every schedule with a base rate, composed in front of it
/// (optional there, unlike for `linear-warmup`).
pub fn warmup_info() -> OptionInfo {
    let info = LinearWarmupOptions::default().infos().remove(0);
    OptionInfo { required: Required::No, ..info }
}
