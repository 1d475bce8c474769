//! `train`'s stochastic weight averaging flags (torch's `AveragedModel`, `SWALR` and `update_bn`),
//! made from downhill-learn's table of them (`SwaOptions::OPTIONS`, through `described_flags.rs`):
//! `--swa-start`, `--swa-lr`, `--swa-anneal-epochs`, `--swa-anneal-strategy`. Parsing only.
use super::described_flags::FlagSet;
use super::flag_set_args::flag_set_args;
use downhill_learn::SwaOptions;
use downhill_optim::{Described, Value};
use std::sync::OnceLock;

/// The weight-averaging options given, as `(option name, value)` in flag order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SwaFlags {
    pub given: Vec<(&'static str, Value)>,
}

/// The weight-averaging options, one owner (`--swa-start`, which turns averaging on).
pub fn swa_flag_set() -> &'static FlagSet {
    static SET: OnceLock<FlagSet> = OnceLock::new();
    SET.get_or_init(|| {
        FlagSet::new("weight averaging", vec![("--swa-start", SwaOptions::default().infos())], check_choice)
    })
}

/// The library's verdict on a name given to a `Choice` option.
fn check_choice(_owner: &str, option: &str, value: &str) -> Result<(), String> {
    SwaOptions::default().set(option, Value::Choice(value.to_string())).map_err(|e| e.to_string())
}

impl SwaFlags {
    /// Whether `--swa-start` was given (averaging is on).
    pub fn on(&self) -> bool {
        self.given.iter().any(|(n, _)| *n == "swa_start")
    }
}

flag_set_args!(SwaFlags, "Weight averaging (torch.optim.swa_utils)", swa_flag_set(), |m| SwaFlags {
    given: swa_flag_set().given(m)
});
