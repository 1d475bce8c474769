//! What happened during training: one record per epoch, structured warnings, and why it stopped.
//! Epochs count from 1. `seconds` is the wall time of that epoch's training (batches only, not the
//! validation pass). `train_loss` is the mean over the epoch's batches of the objective (data loss
//! plus penalty) measured before each step; `val_loss` is the data loss on the validation rows
//! after the epoch, in evaluation mode; `val_metric` is the criterion's metric: accuracy
//! (classification) or R² for the estimators, absent for a criterion without one.
use crate::Warning;
use serde::{Deserialize, Serialize};
use std::fmt;

/// One epoch of training, as the history and model files record it (the module doc says how each figure is
/// measured).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EpochRecord {
    /// The epoch, from 1.
    pub epoch: usize,
    /// Wall time of the epoch's training batches, in seconds.
    pub seconds: f64,
    /// Learning rate of the epoch's first step (schedule and plateau reductions included).
    pub lr: f64,
    /// Mean objective (data loss plus penalty) over the epoch's batches, each taken before its step.
    pub train_loss: f64,
    /// Data loss on the validation rows after the epoch, in evaluation mode; `None` without validation.
    pub val_loss: Option<f64>,
    /// The criterion's metric on the validation rows (accuracy or R²); `None` without validation or metric.
    pub val_metric: Option<f64>,
    /// Norm of the epoch's mean gradient over all parameters (what `grad_tol` compares).
    pub grad_norm: f64,
    /// Per layer (`layers.0`, ...): mean over the epoch's batches of that layer's gradient norm.
    pub layer_grad_norms: Vec<(String, f64)>,
    /// Per layer with weights: mean over the epoch's sampled steps of ‖Δw‖/‖w‖ (update_ratios.rs).
    /// Absent when nothing was sampled, and from older model files.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub layer_update_ratios: Vec<(String, f64)>,
    /// Per activation layer: its dead and saturated fractions and output moments (unit_health.rs).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<crate::UnitRecord>,
}

impl EpochRecord {
    /// The record of `epoch` with only its training loss: no validation, no time, rate or gradient
    /// figures (zeros and empty lists). For building a history by hand; set the rest with struct
    /// update syntax, `EpochRecord { val_loss: Some(0.5), ..EpochRecord::new(3, 0.4) }`.
    pub fn new(epoch: usize, train_loss: f64) -> EpochRecord {
        EpochRecord {
            epoch,
            seconds: 0.0,
            lr: 0.0,
            train_loss,
            val_loss: None,
            val_metric: None,
            grad_norm: 0.0,
            layer_grad_norms: Vec::new(),
            layer_update_ratios: Vec::new(),
            units: Vec::new(),
        }
    }
}

/// Which quantity a stopping rule watches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Monitor {
    /// The mean training loss of the epoch (lower is better).
    TrainLoss,
    /// The loss on the validation rows (lower is better).
    ValidationLoss,
    /// Accuracy or R² on the validation rows (higher is better).
    ValidationScore,
}

/// Why training ended.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "reason")]
pub enum StopReason {
    /// Trained for the maximum number of epochs.
    MaxEpochs {
        /// That maximum.
        epochs: usize,
    },
    /// scikit-learn's rule: `n_iter_no_change` epochs in a row without improving by `tol`.
    NoImprovement {
        /// The epoch training stopped after.
        epoch: usize,
        /// The quantity watched.
        monitor: Monitor,
        /// The improvement that counts.
        tol: f64,
        /// Epochs in a row without it.
        n_iter_no_change: usize,
    },
    /// The norm of an epoch's mean gradient fell below `grad_tol`.
    GradientNorm {
        /// The epoch training stopped after.
        epoch: usize,
        /// That epoch's mean-gradient norm.
        norm: f64,
        /// The threshold `grad_tol`.
        tol: f64,
    },
    /// Validation loss did not improve by `min_delta` for `patience` epochs.
    EarlyStopped {
        /// The epoch training stopped after.
        epoch: usize,
        /// The epoch with the best validation loss.
        best_epoch: usize,
        /// Epochs waited without improvement.
        patience: usize,
    },
    /// The time limit was reached.
    TimeLimit {
        /// The epoch training stopped in.
        epoch: usize,
        /// The limit, in seconds.
        seconds: f64,
    },
    /// The loss (or a gradient, or an update) became NaN or infinite; parameters are those before
    /// the failing step.
    NonFiniteLoss {
        /// The epoch it happened in.
        epoch: usize,
        /// The batch it happened at (1-based).
        batch: usize,
        /// The learning rate of that step.
        lr: f64,
    },
    /// The stop flag was raised (e.g. Ctrl-C); training ended after the current batch.
    Interrupted {
        /// The epoch it happened in.
        epoch: usize,
        /// The last batch completed.
        batch: usize,
    },
    /// A streamed row could not be read (`message` names file, line and column); the parameters
    /// are those after the last complete step.
    BadInput {
        /// The epoch it happened in.
        epoch: usize,
        /// The last batch completed.
        batch: usize,
        /// What was wrong, naming file, line and column.
        message: String,
    },
    /// L-BFGS met its own tolerances (a step ended before its budgets): the optimum, to them.
    Converged {
        /// The epoch of the converging step.
        epoch: usize,
    },
}

impl fmt::Display for StopReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StopReason::MaxEpochs { epochs } => write!(f, "reached the maximum of {epochs} epochs"),
            StopReason::NoImprovement { epoch, monitor, tol, n_iter_no_change } => write!(
                f,
                "{} did not improve by tol = {tol} for {n_iter_no_change} epochs (epoch {epoch})",
                monitor.name()
            ),
            StopReason::GradientNorm { epoch, norm, tol } => {
                write!(f, "gradient norm {norm:.3e} fell below grad_tol = {tol} at epoch {epoch}")
            }
            StopReason::EarlyStopped { epoch, best_epoch, patience } => write!(
                f,
                "early stopping at epoch {epoch}: validation loss had not improved for {patience} epochs; best epoch {best_epoch}"
            ),
            StopReason::TimeLimit { epoch, seconds } => write!(f, "time limit of {seconds} s reached in epoch {epoch}"),
            StopReason::NonFiniteLoss { epoch, batch, lr } => write!(
                f,
                "the loss became non-finite at epoch {epoch}, batch {batch} (lr {lr}); kept the last finite parameters. \
                 A learning rate that is too high is the usual cause: lower it, or clip gradients \
                 (an optimizer eps of 0 also divides a zero gradient by zero)"
            ),
            StopReason::Interrupted { epoch, batch } => write!(f, "interrupted at epoch {epoch}, after batch {batch}"),
            StopReason::BadInput { epoch, batch, message } => {
                write!(f, "stopped at epoch {epoch}, after batch {batch}, by bad input: {message}")
            }
            StopReason::Converged { epoch } => {
                write!(f, "L-BFGS converged at epoch {epoch} (its tolerance_grad or tolerance_change was met)")
            }
        }
    }
}

impl Monitor {
    /// How the quantity reads in messages (`validation loss`).
    pub fn name(self) -> &'static str {
        match self {
            Monitor::TrainLoss => "training loss",
            Monitor::ValidationLoss => "validation loss",
            Monitor::ValidationScore => "validation score",
        }
    }
}

/// The record of a training run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct History {
    /// One record per epoch trained, in order.
    pub epochs: Vec<EpochRecord>,
    /// Problems noticed along the way, each once.
    pub warnings: Vec<Warning>,
    /// Why training ended; `None` while it runs.
    pub stop: Option<StopReason>,
    /// The epoch whose parameters the model holds when early stopping restored them.
    pub restored_epoch: Option<usize>,
    /// With stochastic weight averaging: how many epochs' weights the model averages (0 when
    /// training stopped before the first averaged epoch ended: the model is then the last iterate).
    /// Absent from the stored form without it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub swa_epochs: Option<usize>,
    /// For a run resumed from a checkpoint: the epochs the checkpoint had finished, so the run
    /// itself trained the rest (`epochs` holds both). Absent from the stored form otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resumed_after: Option<usize>,
    /// Name of `val_metric`: `accuracy` or `r2` for the estimators, the criterion's own name
    /// (`Criterion::metric_name`) otherwise; empty when there is none.
    pub metric: String,
}

impl History {
    /// The epochs this run trained: all of them, or those after the checkpoint it resumed from (a
    /// pass resumed midway counts: it is read again from its start).
    pub fn epochs_run(&self) -> usize {
        self.epochs.len() - self.resumed_after.unwrap_or(0)
    }

    /// The last epoch's record; `None` before the first epoch ends.
    pub fn last(&self) -> Option<&EpochRecord> {
        self.epochs.last()
    }
    /// The epoch with the lowest validation loss (else training loss).
    pub fn best_epoch(&self) -> Option<usize> {
        let key = |r: &EpochRecord| r.val_loss.unwrap_or(r.train_loss);
        self.epochs
            .iter()
            .filter(|r| key(r).is_finite())
            .min_by(|a, b| key(a).total_cmp(&key(b)))
            .map(|r| r.epoch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_finite_stop_names_the_epoch_and_the_learning_rate() {
        let msg = StopReason::NonFiniteLoss { epoch: 3, batch: 7, lr: 10.0 }.to_string();
        assert!(msg.contains("epoch 3") && msg.contains("learning rate") && msg.contains("lr 10"), "{msg}");
        let json = serde_json::to_string(&StopReason::MaxEpochs { epochs: 5 }).unwrap();
        assert_eq!(json, r#"{"reason":"max_epochs","epochs":5}"#);
    }
}
