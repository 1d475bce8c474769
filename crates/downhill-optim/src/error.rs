//! Errors for user-supplied configuration and for saving/loading optimizer state.
//! Math on tensors panics on programmer error instead (mismatched shapes), like slice indexing.
use crate::describe::Range;
use std::path::PathBuf;

/// Everything in this crate that can fail on user input or I/O.
#[derive(Debug, thiserror::Error)]
pub enum OptimError {
    /// A hyperparameter outside its valid range, e.g. `betas.0` not in [0, 1).
    #[error("invalid value for `{option}`: {value} (must be {rule})")]
    InvalidOption { option: &'static str, rule: &'static str, value: f64 },
    /// A name that is not one of the options of `of` (an optimizer, solver or schedule).
    #[error("`{name}` is not an option of {of}; its options: {accepted}")]
    NotAnOption { name: String, of: &'static str, accepted: String },
    /// An option torch requires (it has no default), not given.
    #[error("`{option}` is required by {of} (it has no default)")]
    MissingOption { option: &'static str, of: &'static str },
    /// An option above the option that bounds it, e.g. OneCycle's `base_momentum` above `max_momentum`.
    #[error("invalid value for `{option}`: {value} (must be <= {bound} = {bound_value})")]
    AboveOption { option: &'static str, value: f64, bound: &'static str, bound_value: f64 },
    /// A value of the wrong kind for the option, e.g. a number for a switch.
    #[error("option `{option}` takes {expected}")]
    WrongKind { option: &'static str, expected: &'static str },
    /// Options that torch rejects in combination, e.g. `nesterov` without `momentum`.
    #[error("invalid combination: `{option}` {reason}")]
    Conflict { option: &'static str, reason: &'static str },
    /// An optimizer, schedule or mode name that `FromStr` does not know.
    #[error("unknown {kind} `{name}`; accepted: {accepted}")]
    UnknownName { kind: &'static str, name: String, accepted: String },
    /// A valid name in a place that cannot take it, e.g. L-BFGS (a solver driven by a closure) where
    /// a transform chain is needed.
    #[error("invalid {what} = {name}: must be {rule}")]
    Unsupported { what: &'static str, name: String, rule: String },
    /// A saved state whose layout differs from the optimizer it is loaded into.
    #[error("saved state does not fit this optimizer: {0}")]
    StateMismatch(String),
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{path}: not a valid optimizer state file: {source}")]
    Format { path: PathBuf, source: serde_json::Error },
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
