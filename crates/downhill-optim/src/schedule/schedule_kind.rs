//! Schedule names as the CLI spells them, parsed by `FromStr` (through `parse_enum::lookup_in`, like
//! every name in this crate) with an error listing the accepted names; aliases are not listed.
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
    Constant,
    Step,
    MultiStep,
    Exponential,
    Cosine,
    WarmRestarts,
    Linear,
    LinearWarmup,
    ConstantFactor,
    OneCycle,
    Polynomial,
    Cyclic,
    InvScaling,
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
