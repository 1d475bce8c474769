//! Schedule names as the CLI spells them, parsed by `FromStr` (through `parse_enum::lookup_in`, like
//! every name in this crate) with an error listing the accepted names; aliases are not listed.
use super::described_schedule::DynSchedule;
use crate::describe::OptionInfo;
use crate::parse_enum::{lookup_in, Separators};
use crate::OptimError;
use std::{fmt, str::FromStr};

/// Every schedule this crate provides, by name.
///
/// ```
/// use downhill_optim::ScheduleKind;
/// assert_eq!("cosine".parse::<ScheduleKind>().unwrap(), ScheduleKind::Cosine);
/// assert_eq!("CosineAnnealingLR".parse::<ScheduleKind>().unwrap(), ScheduleKind::Cosine);
/// let err = "cosin".parse::<ScheduleKind>().unwrap_err().to_string();
/// assert!(err.contains("cosine") && err.contains("onecycle"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ScheduleKind {
    /// The base rate throughout.
    Constant,
    /// [`StepLr`](crate::StepLr): torch `StepLR`.
    Step,
    /// [`MultiStep`](crate::MultiStep): torch `MultiStepLR`.
    MultiStep,
    /// [`Exponential`](crate::Exponential): torch `ExponentialLR`.
    Exponential,
    /// [`Cosine`](crate::Cosine): torch `CosineAnnealingLR`.
    Cosine,
    /// [`WarmRestarts`](crate::WarmRestarts): torch `CosineAnnealingWarmRestarts`.
    WarmRestarts,
    /// [`Linear`](crate::Linear): torch `LinearLR`.
    Linear,
    /// A linear warm-up ([`warmup`](crate::warmup)), then the base rate.
    LinearWarmup,
    /// [`ConstantFactor`](crate::ConstantFactor): torch `ConstantLR`.
    ConstantFactor,
    /// [`OneCycle`](crate::OneCycle): torch `OneCycleLR`.
    OneCycle,
    /// [`Polynomial`](crate::Polynomial): torch `PolynomialLR`.
    Polynomial,
    /// [`Cyclic`](crate::Cyclic): torch `CyclicLR`.
    Cyclic,
    /// [`InvScaling`](crate::InvScaling): scikit-learn's `invscaling`.
    InvScaling,
    /// [`Optimal`](crate::Optimal): scikit-learn's `optimal`.
    Optimal,
}

impl ScheduleKind {
    /// `(canonical name, kind, aliases)`; aliases include torch's class names lowercased.
    const NAMES: [(&'static str, ScheduleKind, &'static [&'static str]); 14] = [
        ("constant", ScheduleKind::Constant, &[]),
        ("step", ScheduleKind::Step, &["steplr"]),
        ("multi-step", ScheduleKind::MultiStep, &["multisteplr", "multistep"]),
        ("exponential", ScheduleKind::Exponential, &["exponentiallr"]),
        ("cosine", ScheduleKind::Cosine, &["cosineannealinglr"]),
        ("cosine-restarts", ScheduleKind::WarmRestarts, &["cosineannealingwarmrestarts", "warm-restarts"]),
        ("linear", ScheduleKind::Linear, &["linearlr"]),
        ("linear-warmup", ScheduleKind::LinearWarmup, &["warmup"]),
        ("constant-factor", ScheduleKind::ConstantFactor, &["constantlr"]),
        ("onecycle", ScheduleKind::OneCycle, &["onecyclelr", "one-cycle"]),
        ("polynomial", ScheduleKind::Polynomial, &["polynomiallr"]),
        ("cyclic", ScheduleKind::Cyclic, &["cycliclr"]),
        ("invscaling", ScheduleKind::InvScaling, &[]),
        ("optimal", ScheduleKind::Optimal, &[]),
    ];

    /// The canonical (CLI) name.
    pub fn name(self) -> &'static str {
        Self::NAMES.iter().find(|(_, k, _)| *k == self).map_or("?", |(n, _, _)| n)
    }

    /// All canonical names, in the order the CLI lists them.
    pub fn all_names() -> Vec<&'static str> {
        Self::NAMES.iter().map(|(n, _, _)| *n).collect()
    }

    /// Every kind, in the order the CLI lists them.
    pub fn all() -> Vec<ScheduleKind> {
        Self::NAMES.iter().map(|(_, k, _)| *k).collect()
    }

    /// The kind's options with torch's defaults (required ones not given yet).
    pub(crate) fn defaults(self) -> Box<dyn DynSchedule> {
        use ScheduleKind as K;
        match self {
            K::Constant => Box::new(crate::ConstantOptions),
            K::Step => Box::<crate::StepLrOptions>::default(),
            K::MultiStep => Box::<crate::MultiStepOptions>::default(),
            K::Exponential => Box::<crate::ExponentialOptions>::default(),
            K::Cosine => Box::<crate::CosineOptions>::default(),
            K::WarmRestarts => Box::<crate::WarmRestartsOptions>::default(),
            K::Linear => Box::<crate::LinearOptions>::default(),
            K::LinearWarmup => Box::<crate::LinearWarmupOptions>::default(),
            K::ConstantFactor => Box::<crate::ConstantFactorOptions>::default(),
            K::OneCycle => Box::<crate::OneCycleOptions>::default(),
            K::Polynomial => Box::<crate::PolynomialOptions>::default(),
            K::Cyclic => Box::<crate::CyclicOptions>::default(),
            K::InvScaling => Box::<crate::InvScalingOptions>::default(),
            K::Optimal => Box::<crate::OptimalOptions>::default(),
        }
    }

    /// For the schedules that set the rate themselves, so the optimizer's `lr` has no effect (and
    /// is not warmed up): a note on where the rate starts, empty where the name says it; `None` for
    /// the others.
    pub fn own_rate(self) -> Option<&'static str> {
        match self {
            ScheduleKind::OneCycle => Some("starts at --max-lr / --div-factor"),
            ScheduleKind::Optimal => Some(""),
            _ => None,
        }
    }

    /// Whether `warmup_steps` may put a linear warm-up in front (every schedule with a base rate;
    /// `linear-warmup` has it as its own option).
    pub(crate) fn warms_up(self) -> bool {
        self.own_rate().is_none() && self != ScheduleKind::LinearWarmup
    }

    /// Every option this kind takes, with its default; `warmup_steps` too where it composes.
    pub fn options(self) -> Vec<OptionInfo> {
        let mut options = self.defaults().option_infos();
        if self.warms_up() {
            options.push(crate::warmup_info());
        }
        options
    }
}

impl FromStr for ScheduleKind {
    type Err = OptimError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let spellings: Vec<(&str, ScheduleKind)> = Self::NAMES
            .iter()
            .flat_map(|(name, kind, aliases)| std::iter::once(name).chain(*aliases).map(|n| (*n, *kind)))
            .collect();
        lookup_in("schedule", s, Separators::AsHyphen, &spellings, &Self::all_names())
    }
}

impl fmt::Display for ScheduleKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_round_trips() {
        for name in ScheduleKind::all_names() {
            assert_eq!(name.parse::<ScheduleKind>().unwrap().name(), name);
        }
        assert_eq!("multi_step".parse::<ScheduleKind>().unwrap(), ScheduleKind::MultiStep);
    }
}
