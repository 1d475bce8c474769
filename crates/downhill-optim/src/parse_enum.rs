//! Name lookup for every enum parsed from text (optimizer and schedule names, cyclic mode, anneal
//! strategy, plateau modes, line search), so they all fold names and word the unknown-name error
//! the same way, plus `FromStr` for the small option enums, accepting torch's spellings.
use crate::{Anneal, Centering, CyclicMode, LineSearch, OptimError, PlateauMode, ThresholdMode};
use std::str::FromStr;

/// How a name's `-` and `_` are folded before comparing (case is always ignored). Each enum keeps
/// the spelling rule it has always had: the small enums follow torch (`exp_range`), schedule names
/// the CLI (`multi-step`), and optimizer names drop them (torch's `LBFGS` is also written `L-BFGS`).
#[derive(Clone, Copy, Debug)]
pub(crate) enum Separators {
    AsUnderscore,
    AsHyphen,
    Dropped,
}

/// Looks `s` up (folded per `separators`) in `(name, value)` pairs; the error lists `accepted`.
pub(crate) fn lookup_in<T: Copy>(
    kind: &'static str,
    s: &str,
    separators: Separators,
    table: &[(&str, T)],
    accepted: &[&str],
) -> Result<T, OptimError> {
    let fold = |name: &str| match separators {
        Separators::AsUnderscore => name.replace('-', "_"),
        Separators::AsHyphen => name.replace('_', "-"),
        // on both sides: `schedule_free_adamw` is also `ScheduleFreeAdamW`
        Separators::Dropped => name.replace(['-', '_'], ""),
    };
    let key = fold(&s.trim().to_ascii_lowercase());
    table.iter().find(|(n, _)| fold(n) == key).map(|(_, v)| *v).ok_or_else(|| OptimError::UnknownName {
        kind,
        name: s.to_string(),
        accepted: accepted.join(", "),
    })
}

/// `lookup_in` with torch's `_` spelling, accepting every name in `table`.
fn lookup<T: Copy>(kind: &'static str, s: &str, table: &[(&str, T)]) -> Result<T, OptimError> {
    let accepted: Vec<&str> = table.iter().map(|(n, _)| *n).collect();
    lookup_in(kind, s, Separators::AsUnderscore, table, &accepted)
}

/// `exp_range` parses with torch's default `gamma = 1.0`; set the real gamma afterwards.
impl FromStr for CyclicMode {
    type Err = OptimError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let table = [
            ("triangular", CyclicMode::Triangular),
            ("triangular2", CyclicMode::Triangular2),
            ("exp_range", CyclicMode::ExpRange { gamma: 1.0 }),
        ];
        lookup("cyclic mode", s, &table)
    }
}

impl FromStr for Anneal {
    type Err = OptimError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        lookup("anneal strategy", s, &[("cos", Anneal::Cos), ("linear", Anneal::Linear)])
    }
}

impl FromStr for PlateauMode {
    type Err = OptimError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        lookup("plateau mode", s, &[("min", PlateauMode::Min), ("max", PlateauMode::Max)])
    }
}

impl FromStr for ThresholdMode {
    type Err = OptimError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        lookup("threshold mode", s, &[("rel", ThresholdMode::Rel), ("abs", ThresholdMode::Abs)])
    }
}

impl FromStr for LineSearch {
    type Err = OptimError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let table = [
            ("none", LineSearch::Fixed),
            ("fixed", LineSearch::Fixed),
            ("strong_wolfe", LineSearch::StrongWolfe),
        ];
        lookup("line search", s, &table)
    }
}

impl FromStr for Centering {
    type Err = OptimError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        lookup("centering", s, &[("plain", Centering::Plain), ("centered", Centering::Centered)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn torch_spellings_parse_and_errors_list_the_names() {
        assert_eq!("exp-range".parse::<CyclicMode>().unwrap(), CyclicMode::ExpRange { gamma: 1.0 });
        assert_eq!("strong_wolfe".parse::<LineSearch>().unwrap(), LineSearch::StrongWolfe);
        assert_eq!("MAX".parse::<PlateauMode>().unwrap(), PlateauMode::Max);
        assert_eq!("linear".parse::<Anneal>().unwrap(), Anneal::Linear);
        let err = "cosine".parse::<Anneal>().unwrap_err().to_string();
        assert!(err.contains("unknown anneal strategy `cosine`") && err.contains("cos, linear"), "{err}");
        assert!("abs".parse::<ThresholdMode>().is_ok() && "centered".parse::<Centering>().is_ok());
    }

    #[test]
    fn optimizer_and_schedule_names_keep_their_separator_rules() {
        use crate::{OptimizerKind, ScheduleKind};
        assert_eq!("l_bfgs".parse::<OptimizerKind>().unwrap(), OptimizerKind::Lbfgs);
        assert_eq!("Cosine_Restarts".parse::<ScheduleKind>().unwrap(), ScheduleKind::WarmRestarts);
        assert!("cosinerestarts".parse::<ScheduleKind>().is_err()); // folded to `-`, not dropped
        let err = "adma".parse::<OptimizerKind>().unwrap_err().to_string();
        assert!(err.starts_with("unknown optimizer `adma`; accepted: sgd, momentum, nesterov,"), "{err}");
    }
}
