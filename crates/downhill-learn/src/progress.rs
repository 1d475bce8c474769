//! Runtime hooks for a training run: a progress callback (so a CLI can draw a bar), a stop flag
//! checked after every batch (the CLI wires Ctrl-C to it), periodic checkpoints, a checkpoint to
//! resume from, and the other ranks of a data-parallel run (distributed.rs). Only the last changes
//! what a step computes, and then only in the order of its sums.
use crate::distributed::DataParallel;
use crate::EpochRecord;
use downhill_tensor::Tensor;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// One finished batch.
#[derive(Clone, Debug, PartialEq)]
pub struct BatchEvent {
    /// The epoch (1-based).
    pub epoch: usize,
    /// The epochs the run may take.
    pub max_epochs: usize,
    /// 1-based index of the batch in the epoch.
    pub batch: usize,
    /// Batches in the epoch.
    pub batches: usize,
    /// Mean training loss of the epoch's batches so far.
    pub loss: f64,
    /// The validation metric of the previous epoch, if any.
    pub val_metric: Option<f64>,
}

/// One parameter at the end of an epoch: its values and the epoch's mean gradient
/// (Σ_batches rows_b/n · g_b, the gradient whose norm `EpochRecord::grad_norm` is).
#[derive(Clone, Copy, Debug)]
pub struct ParamSnapshot<'a> {
    /// `layers.0.weight`, ...
    pub name: &'a str,
    /// The parameter's values after the epoch's last step.
    pub value: &'a Tensor,
    /// The epoch's mean gradient, the same shape as `value`.
    pub grad: &'a Tensor,
}

/// Receives training progress; every method defaults to doing nothing.
pub trait Progress {
    /// Called after every batch.
    fn on_batch(&mut self, _event: &BatchEvent) {}
    /// Called after every epoch with its record.
    fn on_epoch(&mut self, _record: &EpochRecord, _max_epochs: usize) {}
    /// Whether to call `on_parameters` after `epoch`. Asked once per epoch; the gradients are
    /// copied only for the epochs that say yes, so a run no one watches this way pays nothing.
    fn wants_parameters(&self, _epoch: usize) -> bool {
        false
    }
    /// The model's parameters after `epoch` (right after `on_epoch`), in `params()` order, when
    /// `wants_parameters(epoch)` said so. (The trained iterate: with weight averaging, not the
    /// average that is validated.)
    fn on_parameters(&mut self, _epoch: usize, _params: &[ParamSnapshot<'_>]) {}
    /// A generative model's samples after `epoch`, one row each, always from the same codes (a
    /// GAN's generator on `SNAPSHOT_CODES` codes drawn from its seed), so the rows of
    /// successive epochs show the same samples taking shape.
    fn on_samples(&mut self, _epoch: usize, _samples: &Tensor) {}
}

/// Write a checkpoint to `path` after every `every` epochs (atomically; the last one wins).
#[derive(Clone, Debug, PartialEq)]
pub struct CheckpointPolicy {
    /// Epochs between checkpoints; >= 1.
    pub every: usize,
    /// The checkpoint file (overwritten each time).
    pub path: PathBuf,
}

/// Everything about a run that is not configuration.
#[derive(Default)]
pub struct Hooks<'a> {
    /// Told about every batch and epoch (a progress bar).
    pub progress: Option<&'a mut dyn Progress>,
    /// Raised to stop after the current batch (Ctrl-C); the run ends with `StopReason::Interrupted`.
    pub stop: Option<Arc<AtomicBool>>,
    /// Write checkpoints periodically.
    pub checkpoint: Option<CheckpointPolicy>,
    /// Continue from this checkpoint (written by the same settings on the same data).
    pub resume: Option<PathBuf>,
    /// Train as one rank of a data-parallel group: this rank's share of each batch, gradients
    /// averaged over the group.
    pub distributed: Option<DataParallel<'a>>,
    /// Which steps the health monitor samples (health_monitor.rs); every 20th step by default.
    pub health: crate::HealthSampling,
}

impl std::fmt::Debug for Hooks<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hooks")
            .field("progress", &self.progress.is_some())
            .field("stop", &self.stop)
            .field("checkpoint", &self.checkpoint)
            .field("resume", &self.resume)
            .field("distributed", &self.distributed)
            .field("health", &self.health)
            .finish()
    }
}

impl Hooks<'_> {
    /// The processes training together: the data-parallel group's size, or 1.
    pub fn ranks(&self) -> usize {
        self.distributed.map_or(1, |d| d.ranks())
    }

    /// Whether the stop flag is raised.
    pub fn stop_requested(&self) -> bool {
        self.stop.as_ref().is_some_and(|s| s.load(std::sync::atomic::Ordering::Relaxed))
    }
}
