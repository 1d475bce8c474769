//! Optimizer names as the CLI spells them (torch's class names lowercased), parsed by `FromStr`
//! (through `parse_enum::lookup_in`, like every name in this crate) with an error that lists the
//! accepted names.
use crate::parse_enum::{lookup_in, Separators};
use crate::OptimError;
use std::{fmt, str::FromStr};

/// Every preset by name. `Momentum` and `Nesterov` are SGD with those options, named for racing.
///
/// ```
/// use downhill_optim::OptimizerKind;
/// assert_eq!("AdamW".parse::<OptimizerKind>().unwrap(), OptimizerKind::AdamW);
/// let err = "adma".parse::<OptimizerKind>().unwrap_err().to_string();
/// assert!(err.contains("unknown optimizer `adma`") && err.contains("adamw"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OptimizerKind {
    Sgd,
    Momentum,
    Nesterov,
    Adagrad,
    Rmsprop,
    Adadelta,
    Adam,
    AdamW,
    Adamax,
    Nadam,
    Radam,
    Lbfgs,
}

impl OptimizerKind {
    const ALL: [(&'static str, OptimizerKind); 12] = [
        ("sgd", OptimizerKind::Sgd),
        ("momentum", OptimizerKind::Momentum),
        ("nesterov", OptimizerKind::Nesterov),
        ("adagrad", OptimizerKind::Adagrad),
        ("rmsprop", OptimizerKind::Rmsprop),
        ("adadelta", OptimizerKind::Adadelta),
        ("adam", OptimizerKind::Adam),
        ("adamw", OptimizerKind::AdamW),
        ("adamax", OptimizerKind::Adamax),
        ("nadam", OptimizerKind::Nadam),
        ("radam", OptimizerKind::Radam),
        ("lbfgs", OptimizerKind::Lbfgs),
    ];

    pub fn name(self) -> &'static str {
        Self::ALL.iter().find(|(_, k)| *k == self).map_or("?", |(n, _)| n)
    }

    pub fn all_names() -> Vec<&'static str> {
        Self::ALL.iter().map(|(n, _)| *n).collect()
    }
}

impl FromStr for OptimizerKind {
    type Err = OptimError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        lookup_in("optimizer", s, Separators::Dropped, &Self::ALL, &Self::all_names())
    }
}

impl fmt::Display for OptimizerKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_round_trips() {
        for name in OptimizerKind::all_names() {
            assert_eq!(name.parse::<OptimizerKind>().unwrap().to_string(), name);
        }
        assert_eq!("L-BFGS".parse::<OptimizerKind>().unwrap(), OptimizerKind::Lbfgs);
    }
}
