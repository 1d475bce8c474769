//! `train`'s batch and stopping flags (`--batch-size`, `--epochs`, `--tol`, `--early-stopping`,
//! `--validation-fraction`, ...), made from downhill-learn's table of them
//! (`StoppingOptions::OPTIONS`, through `described_flags.rs`); `--patience` is the schedule
//! flags' (plateau's), shared by early stopping. Parsing only: `train/settings.rs` hands the given
//! options to the library, which applies them over the estimator's defaults.
use super::described_flags::FlagSet;
use super::flag_set_args::flag_set_args;
use downhill_learn::StoppingOptions;
use downhill_optim::{Described, Value};
use std::sync::OnceLock;

/// The batch and stopping options given, as `(option name, value)` in flag order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StoppingFlags {
    pub given: Vec<(&'static str, Value)>,
}

/// The batch and stopping options, one owner (a training run).
pub fn stopping_flag_set() -> &'static FlagSet {
    static SET: OnceLock<FlagSet> = OnceLock::new();
    SET.get_or_init(|| {
        let owners = vec![("train", StoppingOptions::default().infos())];
        FlagSet::new("training run", owners, check_choice).with_words(StoppingOptions::WORDS)
    })
}

/// The library's verdict on a name given to a `Choice` option.
fn check_choice(_owner: &str, option: &str, value: &str) -> Result<(), String> {
    StoppingOptions::default().set(option, Value::Choice(value.to_string())).map_err(|e| e.to_string())
}

impl StoppingFlags {
    /// The value given for option `name`, if any.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.given.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// Whether option `name` was given.
    pub fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// The number given for option `name`, if any.
    pub fn float(&self, name: &str) -> Option<f64> {
        match self.get(name) {
            Some(Value::Float(v)) => Some(*v),
            _ => None,
        }
    }

    /// The word given instead of a number for option `name` (`--batch-size full`), if any.
    pub fn word(&self, name: &str) -> Option<&str> {
        match self.get(name) {
            Some(Value::Choice(w)) => Some(w),
            _ => None,
        }
    }
}

flag_set_args!(StoppingFlags, "Batches and stopping", stopping_flag_set(), |m| StoppingFlags {
    given: stopping_flag_set().given(m)
});
