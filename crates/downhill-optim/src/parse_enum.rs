//! `FromStr` for the small option enums (cyclic mode, anneal strategy, plateau modes, line search),
//! accepting torch's spellings, with errors that list the accepted names.
use crate::{Anneal, Centering, CyclicMode, LineSearch, OptimError, PlateauMode, ThresholdMode};
use std::str::FromStr;

/// Looks `s` up (case-insensitive, `-` and `_` equivalent) in `(name, value)` pairs.
fn lookup<T: Copy>(kind: &'static str, s: &str, table: &[(&str, T)]) -> Result<T, OptimError> {
    let key = s.trim().to_ascii_lowercase().replace('-', "_");
    table.iter().find(|(n, _)| *n == key).map(|(_, v)| *v).ok_or_else(|| OptimError::UnknownName {
        kind,
        name: s.to_string(),
        accepted: table.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", "),
    })
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
}
