//! Errors for user-supplied configuration and for saving/loading optimizer state.
//! Math on tensors panics on programmer error instead (mismatched shapes), like slice indexing.
use crate::describe::Range;
use std::path::PathBuf;

/// Everything in this crate that can fail on user input or I/O.
#[derive(Debug, thiserror::Error)]
pub enum OptimError {
    /// A hyperparameter outside its valid range, e.g. `betas.0` not in [0, 1).
    #[error("invalid value for `{option}`: {value} (must be {rule})")]
    InvalidOption {
        /// The option's name as torch spells it (`lr`, `betas.0`).
        option: &'static str,
        /// The accepted range, in words (`in [0, 1)`).
        rule: &'static str,
        /// The value given.
        value: f64,
    },
    /// A name that is not one of the options of `of` (an optimizer, solver or schedule).
    #[error("`{name}` is not an option of {of}; its options: {accepted}")]
    NotAnOption {
        /// The name given.
        name: String,
        /// The optimizer, solver or schedule asked (`adam`).
        of: &'static str,
        /// Its options, comma-separated.
        accepted: String,
    },
    /// An option torch requires (it has no default), not given.
    #[error("`{option}` is required by {of} (it has no default)")]
    MissingOption {
        /// The option's name.
        option: &'static str,
        /// The optimizer, solver or schedule that needs it (`step`).
        of: &'static str,
    },
    /// An option given to an owner (an optimizer, a schedule) whose table does not list it.
    #[error("`{option}` is not an option of {owner}; it is one of {}", owners.join(", "))]
    NotTaken {
        /// The option's name.
        option: &'static str,
        /// The owner it was given to, or what is used instead of one.
        owner: String,
        /// The owners that take it.
        owners: Vec<&'static str>,
    },
    /// A value outside the option's range, for any kind of value (`InvalidOption` is a number's).
    #[error("invalid value `{value}` for `{option}`; accepted: {}", range.accepted())]
    OutOfRange {
        /// The option's name.
        option: &'static str,
        /// The value given.
        value: crate::Value,
        /// The values it accepts.
        range: Range,
    },
    /// The optimizer's `lr` given with a schedule that sets the rate itself, so it has no effect.
    #[error("`lr` has no effect on {schedule}, which sets its own rate; it applies to {applies_to}")]
    RateIgnored {
        /// The schedule (`onecycle`).
        schedule: &'static str,
        /// The schedules that start from the optimizer's rate, in words.
        applies_to: String,
    },
    /// An option above the option that bounds it, e.g. OneCycle's `base_momentum` above `max_momentum`.
    #[error("invalid value for `{option}`: {value} (must be <= {bound} = {bound_value})")]
    AboveOption {
        /// The option that is too large.
        option: &'static str,
        /// Its value.
        value: f64,
        /// The option that bounds it.
        bound: &'static str,
        /// That option's value.
        bound_value: f64,
    },
    /// A value of the wrong kind for the option, e.g. a number for a switch.
    #[error("option `{option}` takes {expected}")]
    WrongKind {
        /// The option's name.
        option: &'static str,
        /// What it takes, in words (`a number`, `true or false`).
        expected: &'static str,
    },
    /// Options that torch rejects in combination, e.g. `nesterov` without `momentum`.
    #[error("invalid combination: `{option}` {reason}")]
    Conflict {
        /// The option that cannot be used this way.
        option: &'static str,
        /// What it requires (`requires momentum > 0 and dampening = 0`).
        reason: &'static str,
    },
    /// An optimizer, schedule or mode name that `FromStr` does not know.
    #[error("unknown {kind} `{name}`; accepted: {accepted}")]
    UnknownName {
        /// What was being named (`optimizer`, `schedule`).
        kind: &'static str,
        /// The name given.
        name: String,
        /// The names accepted, comma-separated.
        accepted: String,
    },
    /// A valid name in a place that cannot take it, e.g. L-BFGS (a solver driven by a closure) where
    /// a transform chain is needed.
    #[error("invalid {what} = {name}: must be {rule}")]
    Unsupported {
        /// The setting (`optimizer`).
        what: &'static str,
        /// The name given.
        name: String,
        /// What the place accepts.
        rule: String,
    },
    /// A saved state whose layout differs from the optimizer it is loaded into.
    #[error("saved state does not fit this optimizer: {0}")]
    StateMismatch(String),
    /// Reading or writing a state file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying I/O error.
        source: std::io::Error,
    },
    /// A state file that is not the JSON `Optimizer::save` (or `Lbfgs::save`) writes.
    #[error("{path}: not a valid optimizer state file: {source}")]
    Format {
        /// The file.
        path: PathBuf,
        /// What the JSON parser found.
        source: serde_json::Error,
    },
}

/// Checks `value` against `range`; the error names `option` and states the range.
pub(crate) fn check_in(option: &'static str, range: Range, value: f64) -> Result<(), OptimError> {
    match range.accepts(value) {
        true => Ok(()),
        false => Err(OptimError::InvalidOption { option, rule: range.rule(), value }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_option_and_rule() {
        // Range::UnitOpen is torch's rule for betas, rho and alpha-like decays.
        let msg = check_in("betas.0", Range::UnitOpen, 1.0).unwrap_err().to_string();
        assert!(msg.contains("betas.0") && msg.contains("[0, 1)") && msg.contains('1'), "{msg}");
        assert!(check_in("lr", Range::NonNegative, f64::NAN).is_err());
        assert!(check_in("lr", Range::NonNegative, -1e-3).unwrap_err().to_string().contains("`lr`"));
        assert!(check_in("factor", Range::Positive, 0.0).is_err());
        assert!(check_in("rho", Range::UnitClosed, 1.0).is_ok());
    }
}
