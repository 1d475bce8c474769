//! The stopping rules of a run, combinable: training ends at the first rule that fires.
//!   max_epochs       always
//!   tol              scikit-learn's `tol` + `n_iter_no_change` (no_improvement.rs)
//!   grad_tol         ‖mean gradient of the epoch‖₂ < grad_tol (the first-order optimality test;
//!                    exact for full-batch training, an estimate for mini-batches)
//!   early_stopping   patience on the validation loss, restoring the best parameters (early_stopping.rs)
//!   time_limit       wall-clock seconds, checked after every batch
//! A non-finite loss and the stop flag end training too; they are not options.
use crate::error::check_in;
use crate::{EarlyStopping, LearnError, Tolerance};
use downhill_optim::Range;
use serde::{Deserialize, Serialize};

/// The stopping rules of a run (see the module docs); training ends at the first that fires. `Default`:
/// scikit-learn's `MLPClassifier`, 200 epochs and `tol` 1e-4 over 10 epochs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoppingRules {
    /// The most epochs to train (scikit-learn `max_iter`, default 200); >= 1.
    pub max_epochs: usize,
    /// scikit-learn's `tol` / `n_iter_no_change` rule; `None`: off.
    pub tol: Option<Tolerance>,
    /// Stop when the norm of the epoch's mean gradient falls below this; `None`: off.
    pub grad_tol: Option<f64>,
    /// Needs a validation set (`validation_fraction > 0`).
    pub early_stopping: Option<EarlyStopping>,
    /// Stop after this many seconds of training (checked after every batch); `None`: no limit.
    pub time_limit_secs: Option<f64>,
}

impl Default for StoppingRules {
    /// 200 epochs and `tol = 1e-4` over 10 epochs: scikit-learn's `MLPClassifier` defaults.
    fn default() -> Self {
        StoppingRules {
            max_epochs: 200,
            tol: Some(Tolerance::default()),
            grad_tol: None,
            early_stopping: None,
            time_limit_secs: None,
        }
    }
}

impl StoppingRules {
    /// Only the epoch budget.
    pub fn epochs(max_epochs: usize) -> StoppingRules {
        StoppingRules { max_epochs, tol: None, ..StoppingRules::default() }
    }

    pub(crate) fn validate(&self, has_validation: bool) -> Result<(), LearnError> {
        check_in("max_epochs", Range::AtLeastOne, self.max_epochs as f64)?;
        if let Some(t) = &self.tol {
            t.validate()?;
        }
        check_in("grad_tol", Range::Positive, self.grad_tol.unwrap_or(1.0))?;
        check_in("time_limit", Range::Positive, self.time_limit_secs.unwrap_or(1.0))?;
        if let Some(es) = &self.early_stopping {
            es.validate()?;
            if !has_validation {
                let rule = "used with a validation set: set validation_fraction > 0";
                return Err(LearnError::invalid("early_stopping", rule, format!("patience {}", es.patience)));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn early_stopping_without_validation_names_the_fix() {
        let rules = StoppingRules { early_stopping: Some(EarlyStopping::default()), ..Default::default() };
        let msg = rules.validate(false).unwrap_err().to_string();
        assert!(msg.contains("validation_fraction"), "{msg}");
        assert!(rules.validate(true).is_ok());
        assert!(StoppingRules::epochs(0).validate(false).is_err());
        let bad = StoppingRules { grad_tol: Some(-1.0), ..Default::default() };
        assert!(bad.validate(false).unwrap_err().to_string().contains("grad_tol"));
        let e =
            StoppingRules { time_limit_secs: Some(0.0), ..Default::default() }.validate(false).unwrap_err();
        assert_eq!(e.to_string(), "invalid time_limit = 0: must be finite and > 0");
    }
}
