//! scikit-learn's `tol` / `n_iter_no_change` rule (SGDClassifier, MLPClassifier): after each epoch
//!   on the training loss L:      no_improvement += 1 if L > best_loss − tol, else reset to 0;
//!                                best_loss = min(best_loss, L)
//!   on the validation score S:   no_improvement += 1 if S < best_score + tol, else reset to 0;
//!                                best_score = max(best_score, S)
//!   stop when no_improvement ≥ n_iter_no_change.
//! The validation score (accuracy or R²) is watched when there is a validation set (scikit-learn's
//! `early_stopping=True`), the training loss otherwise. A custom criterion without a metric has
//! its validation loss watched instead (lower is better, as for the training loss).
use crate::{LearnError, Monitor};
use serde::{Deserialize, Serialize};

/// scikit-learn's `tol` / `n_iter_no_change` stopping rule (see the module docs); `Default` is scikit-learn's
/// MLP (1e-4, 10).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Tolerance {
    /// The improvement that counts (scikit-learn `tol`, default 1e-4); >= 0.
    pub tol: f64,
    /// Epochs in a row without improvement before stopping (scikit-learn `n_iter_no_change`, default 10); >=
    /// 1.
    pub n_iter_no_change: usize,
    /// What the rule watches; `None`: as described above. `Some(TrainLoss)` keeps watching the
    /// training loss when there is a validation set only to be scored on (a search's trials).
    /// Absent from the stored form when `None`, so older files read as before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monitor: Option<Monitor>,
}

impl Default for Tolerance {
    /// scikit-learn's MLP defaults.
    fn default() -> Self {
        Tolerance { tol: 1e-4, n_iter_no_change: 10, monitor: None }
    }
}

/// The rule's state: plain data, saved in checkpoints.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ToleranceState {
    /// The best value so far (lowest loss or highest score); `None` before the first epoch.
    pub best: Option<f64>,
    /// Epochs in a row without improvement.
    pub no_improvement: usize,
}

impl Tolerance {
    pub(crate) fn validate(&self) -> Result<(), LearnError> {
        crate::error::check_in(
            "n_iter_no_change",
            downhill_optim::Range::AtLeastOne,
            self.n_iter_no_change as f64,
        )?;
        crate::error::check_range("tol", "finite and >= 0", self.tol, 0.0, f64::MAX)
    }

    /// Records one epoch's value of `monitor`; true when training should stop.
    pub fn observe(&self, state: &mut ToleranceState, monitor: Monitor, value: f64) -> bool {
        let higher_is_better = monitor == Monitor::ValidationScore;
        let stalled = match (state.best, higher_is_better) {
            (None, _) => false,
            (Some(best), false) => value > best - self.tol,
            (Some(best), true) => value < best + self.tol,
        };
        state.no_improvement = if stalled { state.no_improvement + 1 } else { 0 };
        let better = match state.best {
            None => true,
            Some(best) => (higher_is_better && value > best) || (!higher_is_better && value < best),
        };
        if better {
            state.best = Some(value);
        }
        state.no_improvement >= self.n_iter_no_change
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_epochs_that_miss_the_tolerance_like_scikit_learn() {
        let t = Tolerance { tol: 0.1, n_iter_no_change: 2, monitor: None };
        let mut s = ToleranceState::default();
        // 1.0 (best); 0.95 > 1.0 − 0.1: stall 1, best 0.95; 0.8 ≤ 0.85: reset; 0.75 > 0.7: 1; 0.72: 2 -> stop.
        let stops: Vec<bool> =
            [1.0, 0.95, 0.8, 0.75, 0.72].iter().map(|&l| t.observe(&mut s, Monitor::TrainLoss, l)).collect();
        assert_eq!(stops, [false, false, false, false, true]);
        assert_eq!(s.best, Some(0.72)); // exact: the best is a copy of an observed loss
    }

    #[test]
    fn scores_must_rise_by_tol() {
        let t = Tolerance { tol: 0.01, n_iter_no_change: 1, monitor: None };
        let mut s = ToleranceState::default();
        assert!(!t.observe(&mut s, Monitor::ValidationScore, 0.90));
        assert!(!t.observe(&mut s, Monitor::ValidationScore, 0.92));
        assert!(t.observe(&mut s, Monitor::ValidationScore, 0.925));
        assert!(Tolerance { tol: -1.0, n_iter_no_change: 1, monitor: None }.validate().is_err());
    }
}
