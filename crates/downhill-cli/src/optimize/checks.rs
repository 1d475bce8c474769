//! Range checks for numeric flags, with messages that name the flag and the accepted range.
//! They run before anything is built, so errors speak in flag names (`--beta1`), not field names.
use crate::error::CliError;
use downhill_optim::Range;

/// `Some(v)` must be finite and `>= 0`.
pub fn non_negative(flag: &'static str, v: Option<f64>) -> Result<(), CliError> {
    in_range(flag, v, Range::NonNegative)
}

/// `Some(v)` must be finite and `> 0`.
pub fn positive(flag: &'static str, v: Option<f64>) -> Result<(), CliError> {
    in_range(flag, v, Range::Positive)
}

/// `Some(v)` must be finite.
pub fn finite(flag: &'static str, v: Option<f64>) -> Result<(), CliError> {
    in_range(flag, v, Range::Finite)
}

/// `Some(v)` must lie in `range` (the library's ranges, so the wording is the option tables' own).
fn in_range(flag: &'static str, v: Option<f64>, range: Range) -> Result<(), CliError> {
    match v {
        Some(v) if !range.accepts(v) => Err(CliError::invalid(flag, v, range.accepted())),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_check_names_the_flag_and_range() {
        assert!(non_negative("--lr", Some(0.0)).is_ok() && non_negative("--lr", None).is_ok());
        let msg = non_negative("--lr", Some(-0.1)).unwrap_err().to_string();
        assert_eq!(msg, "invalid value `-0.1` for --lr; accepted: finite numbers >= 0");
        assert!(non_negative("--lr", Some(f64::INFINITY)).is_err());
        assert!(
            positive("--clip-norm", Some(0.0)).is_err() && finite("--threshold", Some(f64::NAN)).is_err()
        );
    }
}
