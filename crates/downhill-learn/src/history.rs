//! What happened during training: one record per epoch, structured warnings, and why it stopped.
//! Epochs count from 1. `seconds` is the wall time of that epoch's training (batches only, not the
//! validation pass). `train_loss` is the mean over the epoch's batches of the objective (data loss
//! plus penalty) measured before each step; `val_loss` is the data loss on the validation rows
//! after the epoch, in evaluation mode; `val_metric` is the criterion's metric: accuracy
//! (classification) or R² for the estimators, absent for a criterion without one.
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EpochRecord {
    pub epoch: usize,
    pub seconds: f64,
    /// Learning rate of the epoch's first step (schedule and plateau reductions included).
    pub lr: f64,
    pub train_loss: f64,
    pub val_loss: Option<f64>,
    pub val_metric: Option<f64>,
    /// Norm of the epoch's mean gradient over all parameters (what `grad_tol` compares).
    pub grad_norm: f64,
    /// Per layer (`layers.0`, ...): mean over the epoch's batches of that layer's gradient norm.
    pub layer_grad_norms: Vec<(String, f64)>,
}

/// Which quantity a stopping rule watches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Monitor {
    TrainLoss,
    ValidationLoss,
    /// Accuracy or R² on the validation rows (higher is better).
    ValidationScore,
}

/// Why training ended.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "reason")]
pub enum StopReason {
    MaxEpochs {
        epochs: usize,
    },
    /// scikit-learn's rule: `n_iter_no_change` epochs in a row without improving by `tol`.
    NoImprovement {
        epoch: usize,
        monitor: Monitor,
        tol: f64,
        n_iter_no_change: usize,
    },
    GradientNorm {
        epoch: usize,
        norm: f64,
        tol: f64,
    },
    /// Validation loss did not improve by `min_delta` for `patience` epochs.
    EarlyStopped {
        epoch: usize,
        best_epoch: usize,
        patience: usize,
    },
    TimeLimit {
        epoch: usize,
        seconds: f64,
    },
    /// The loss (or a gradient, or an update) became NaN or infinite; parameters are those before
    /// the failing step.
    NonFiniteLoss {
        epoch: usize,
        batch: usize,
        lr: f64,
    },
    /// The stop flag was raised (e.g. Ctrl-C); training ended after the current batch.
    Interrupted {
        epoch: usize,
        batch: usize,
    },
    /// A streamed row could not be read (`message` names file, line and column); the parameters
    /// are those after the last complete step.
    BadInput {
        epoch: usize,
        batch: usize,
        message: String,
    },
    /// L-BFGS met its own tolerances (a step ended before its budgets): the optimum, to them.
    Converged {
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
                 A learning rate that is too high is the usual cause: lower it, or clip gradients"
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
    pub fn name(self) -> &'static str {
        match self {
            Monitor::TrainLoss => "training loss",
            Monitor::ValidationLoss => "validation loss",
            Monitor::ValidationScore => "validation score",
        }
    }
}

/// A problem noticed during training that did not stop it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Warning {
    VanishingGradient {
        layer: String,
        epoch: usize,
        norm: f64,
    },
    ExplodingGradient {
        layer: String,
        epoch: usize,
        norm: f64,
        /// The first batch of the epoch whose norm exploded (absent in older model files).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        batch: Option<usize>,
    },
    /// The first layer's gradient RMS is `ratio` times the last's while the loss stalls.
    VanishingThroughDepth {
        first: String,
        last: String,
        epoch: usize,
        ratio: f64,
    },
    /// The validation loss rose 5 % above its best while the training loss kept falling.
    Overfitting {
        epoch: usize,
        best_val_loss: f64,
        val_loss: f64,
    },
    /// More than a tenth as many features as training rows for a dense model.
    TooManyFeatures {
        features: usize,
        rows: usize,
    },
    /// Restarts from `runs` seeds ended far apart: the worst final loss is more than
    /// `BASIN_SPREAD` above the best and more than `DESCENT_SHARE` of the descent (restarts.rs
    /// gives the rule and its source).
    ManyBasins {
        runs: usize,
        best: f64,
        worst: f64,
    },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::VanishingGradient { layer, epoch, norm } => write!(
                f,
                "gradients of {layer} vanish (norm {norm:.2e} in epoch {epoch}): it barely learns; try relu/he init, batch norm or a shallower net"
            ),
            Warning::ExplodingGradient { layer, epoch, norm, batch } => {
                let when = batch.map_or(format!("in epoch {epoch}"), |b| format!("from batch {b} of epoch {epoch}"));
                write!(
                    f,
                    "gradients of {layer} explode (norm {norm:.2e} {when}): lower the learning rate, scale the features or clip gradients"
                )
            }
            Warning::VanishingThroughDepth { first, last, epoch, ratio } => write!(
                f,
                "gradients vanish through depth (epoch {epoch}): those of {first} are {ratio:.1e} of {last}'s (RMS) while the loss barely falls, so the early layers hardly learn; try --activation relu with --init he-uniform, --batch-norm, or fewer layers"
            ),
            Warning::Overfitting { epoch, best_val_loss, val_loss } => write!(
                f,
                "overfitting (epoch {epoch}): the validation loss {val_loss:.4} is {:.0} % above its best {best_val_loss:.4} while the training loss still falls; try --early-stopping, an --l2 penalty or dropout",
                100.0 * (val_loss / best_val_loss - 1.0)
            ),
            Warning::TooManyFeatures { features, rows } => write!(
                f,
                "{features} features for {rows} training rows (fewer than 10 rows per feature): a dense model can fit noise; try an --l1 penalty or --select-features, or more rows"
            ),
            Warning::ManyBasins { runs, best, worst } => write!(
                f,
                "the {runs} restarts ended in different basins (final losses {best:.4} to {worst:.4}, the worst {:.0} % above the best): the result depends on the seed; try a wider network, a lower learning rate or --batch-norm, let the runs converge (more --epochs, a larger --n-iter-no-change), and report the spread",
                100.0 * (worst / best - 1.0)
            ),
        }
    }
}

/// The record of a training run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct History {
    pub epochs: Vec<EpochRecord>,
    pub warnings: Vec<Warning>,
    pub stop: Option<StopReason>,
    /// The epoch whose parameters the model holds when early stopping restored them.
    pub restored_epoch: Option<usize>,
    /// With stochastic weight averaging: how many epochs' weights the model averages (0 when
    /// training stopped before the first averaged epoch ended: the model is then the last iterate).
    /// Absent from the stored form without it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub swa_epochs: Option<usize>,
    /// Name of `val_metric`: `accuracy` or `r2` for the estimators, the criterion's own name
    /// (`Criterion::metric_name`) otherwise; empty when there is none.
    pub metric: String,
}

impl History {
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
