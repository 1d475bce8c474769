//! Early stopping on the validation loss (Keras' `EarlyStopping` / torch-ignite semantics):
//!   improved  ⇔ val_loss < best − min_delta          (then best ← val_loss, wait ← 0)
//!   otherwise wait ← wait + 1;  stop when wait ≥ patience
//! With `restore_best`, the trainer keeps a copy of the parameters of the best epoch and puts them
//! back when training ends (whatever ended it, except a non-finite loss), as scikit-learn's MLP does.
use crate::LearnError;
use serde::{Deserialize, Serialize};

/// Configuration: immutable.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct EarlyStopping {
    /// Epochs without improvement before stopping (Keras `patience`, default 10); >= 1.
    pub patience: usize,
    /// How much lower than the best a validation loss must be to count as an improvement (Keras `min_delta`,
    /// default 0); >= 0.
    pub min_delta: f64,
    /// Put back the best epoch's parameters when training ends (Keras `restore_best_weights`, default true
    /// here).
    pub restore_best: bool,
}

impl Default for EarlyStopping {
    fn default() -> Self {
        EarlyStopping { patience: 10, min_delta: 0.0, restore_best: true }
    }
}

/// What one observation means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The validation loss improved: the epoch is the new best.
    Improved,
    /// No improvement, but patience is not exhausted.
    Wait,
    /// `patience` epochs without improvement: stop.
    Stop,
}

/// The tracker's state: plain data, saved in checkpoints.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EarlyStoppingState {
    /// The lowest validation loss so far; `None` before the first finite one.
    pub best: Option<f64>,
    /// The epoch of that loss (1-based).
    pub best_epoch: usize,
    /// Epochs since then without improvement.
    pub wait: usize,
}

impl EarlyStopping {
    /// The share of the training rows held out to watch when none is chosen: scikit-learn's
    /// `validation_fraction` default (0.1) for `early_stopping=True`; also what reduce-on-plateau
    /// watches in `downhill train`.
    pub const VALIDATION_FRACTION: f64 = 0.1;

    pub(crate) fn validate(&self) -> Result<(), LearnError> {
        crate::error::check_in("patience", downhill_optim::Range::AtLeastOne, self.patience as f64)?;
        crate::error::check_range("min_delta", "finite and >= 0", self.min_delta, 0.0, f64::MAX)
    }

    /// Records the validation loss of `epoch`.
    pub fn observe(&self, state: &mut EarlyStoppingState, epoch: usize, val_loss: f64) -> Verdict {
        let improved = match state.best {
            None => val_loss.is_finite(),
            Some(best) => val_loss < best - self.min_delta,
        };
        if improved {
            *state = EarlyStoppingState { best: Some(val_loss), best_epoch: epoch, wait: 0 };
            return Verdict::Improved;
        }
        state.wait += 1;
        if state.wait >= self.patience {
            Verdict::Stop
        } else {
            Verdict::Wait
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stops_after_patience_epochs_without_a_min_delta_improvement() {
        let es = EarlyStopping { patience: 2, min_delta: 0.1, restore_best: true };
        let mut s = EarlyStoppingState::default();
        let verdicts: Vec<Verdict> = [1.0, 0.95, 0.85, 0.84, 0.80]
            .iter()
            .enumerate()
            .map(|(i, &v)| es.observe(&mut s, i + 1, v))
            .collect();
        // 0.95 is not 0.1 better than 1.0; 0.85 is; 0.84 and 0.80 are not better than 0.85 − 0.1.
        use Verdict::*;
        assert_eq!(verdicts, [Improved, Wait, Improved, Wait, Stop]);
        assert_eq!((s.best, s.best_epoch), (Some(0.85), 3)); // exact: the best is a copy of an observed loss
        assert!(EarlyStopping { patience: 0, ..Default::default() }.validate().is_err());
    }
}
