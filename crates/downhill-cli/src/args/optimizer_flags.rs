//! The optimizer options given on the command line. The flags are made from the library's option
//! tables (`OptimizerKind::options`, through `described_flags.rs`), named after torch's arguments
//! in kebab case; every one is optional, and a flag not given keeps the chosen optimizer's torch
//! default. Booleans are bare switches.
use super::described_flags::FlagSet;
use super::flag_set_args::flag_set_args;
use downhill_optim::{OptimizerChoice, OptimizerKind, Value};
use std::sync::OnceLock;

/// The optimizer options given, as `(option name, value)` in flag order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OptimizerFlags {
    pub given: Vec<(&'static str, Value)>,
    /// `--lr auto`: the rate is found by the range test (train only).
    pub lr_auto: bool,
}

/// Every optimizer option of every optimizer, from the library's tables.
pub fn optimizer_flag_set() -> &'static FlagSet {
    static SET: OnceLock<FlagSet> = OnceLock::new();
    SET.get_or_init(|| {
        let owners = OptimizerKind::all().into_iter().map(|k| (k.name(), k.options())).collect();
        FlagSet::new("optimizer", owners, check_choice)
            .with_auto(&[("lr", "train runs `downhill lr-find` first and trains at the rate it suggests")])
    })
}

/// Sets `option` to `value` on `owner`'s defaults, for the library's verdict on a name.
fn check_choice(owner: &str, option: &str, value: &str) -> Result<(), String> {
    let kind: OptimizerKind = owner.parse().map_err(|e: downhill_optim::OptimError| e.to_string())?;
    OptimizerChoice::new(kind).set(option, Value::Choice(value.to_string())).map_err(|e| e.to_string())
}

impl OptimizerFlags {
    /// The flags given as `(name, value)` pairs, e.g. `[("lr", Value::Float(0.1))]`.
    #[cfg(test)]
    pub fn of(given: &[(&'static str, Value)]) -> OptimizerFlags {
        OptimizerFlags { given: given.to_vec(), lr_auto: false }
    }

    /// `--lr`, if given.
    pub fn lr(&self) -> Option<f64> {
        self.given.iter().find_map(|(n, v)| match (n, v) {
            (&"lr", Value::Float(lr)) => Some(*lr),
            _ => None,
        })
    }

    /// `--lr auto` is train's; other commands refuse it.
    pub fn refuse_auto(&self, command: &str) -> Result<(), crate::error::CliError> {
        match self.lr_auto {
            true => Err(crate::error::CliError::NotApplicable {
                flag: "--lr auto",
                chosen: format!("downhill {command}"),
                applies_to: "downhill train (give a number here)".into(),
            }),
            false => Ok(()),
        }
    }

    /// Whether option `name` was given.
    pub fn has(&self, name: &str) -> bool {
        self.given.iter().any(|(n, _)| *n == name)
    }
}

flag_set_args!(
    OptimizerFlags,
    "Optimizer options (torch names; unset = torch default)",
    optimizer_flag_set(),
    |m| {
        let set = optimizer_flag_set();
        OptimizerFlags { given: set.given(m), lr_auto: set.given_auto(m).contains(&"lr") }
    }
);
