//! One epoch's running figures, shared by the loop over a plan of rows (trainer.rs) and the loop
//! over a stream (stream_epoch.rs): the row-weighted mean loss of its steps, the first step's loss,
//! the seconds, the progress event after each step, and the `EpochRun` the epoch ends in.
use crate::epoch_end::EpochRun;
use crate::pass_position::PassPosition;
use crate::progress::{BatchEvent, Hooks};
use crate::session::Session;
use crate::train_step::StepOutcome;
use crate::StopReason;
use std::time::Instant;

pub(crate) struct EpochTally {
    pub epoch: usize,
    lr: f64,
    started: Instant,
    elapsed_before: f64,
    sum: f64,
    rows: usize,
    first_loss: f64,
}

impl EpochTally {
    /// The tally of the epoch after `s.epoch`, started now.
    pub fn start(s: &Session) -> EpochTally {
        let (epoch, lr, elapsed_before) = (s.epoch + 1, s.lr(), s.elapsed);
        EpochTally {
            epoch,
            lr,
            started: Instant::now(),
            elapsed_before,
            sum: 0.0,
            rows: 0,
            first_loss: f64::NAN,
        }
    }

    /// Counts step `batch` (1-based) over `rows` rows; a step refused as not finite is the
    /// reason to stop, at the learning rate it was taken with.
    pub fn count(
        &mut self,
        outcome: StepOutcome,
        rows: usize,
        batch: usize,
        s: &Session,
    ) -> Option<StopReason> {
        match outcome {
            StepOutcome::Done(loss) => {
                if self.rows == 0 {
                    self.first_loss = loss;
                }
                (self.sum, self.rows) = (self.sum + loss * rows as f64, self.rows + rows);
                None
            }
            StepOutcome::NonFinite => {
                Some(StopReason::NonFiniteLoss { epoch: self.epoch, batch, lr: s.lr() })
            }
        }
    }

    /// Where a streamed pass stands after `batch` batches and `rows` rows, for a checkpoint.
    pub fn position(&self, batch: usize, rows: usize) -> PassPosition {
        PassPosition {
            batch,
            rows,
            loss_sum_bits: self.sum.to_bits(),
            loss_rows: self.rows,
            first_loss_bits: self.first_loss.to_bits(),
            seconds: self.seconds(),
        }
    }

    /// Continues the epoch a checkpoint stopped in: its running loss and its seconds so far.
    pub fn resume(&mut self, at: &PassPosition) {
        (self.sum, self.rows) = (f64::from_bits(at.loss_sum_bits), at.loss_rows);
        (self.first_loss, self.elapsed_before) = (f64::from_bits(at.first_loss_bits), at.seconds);
    }

    /// Seconds of training so far, across resumes (for the time limit).
    pub fn seconds(&self) -> f64 {
        self.elapsed_before + self.started.elapsed().as_secs_f64()
    }

    /// Tells the progress hook that step `batch` of `batches` is done.
    pub fn report(
        &self,
        hooks: &mut Hooks<'_>,
        s: &Session,
        max_epochs: usize,
        batch: usize,
        batches: usize,
    ) {
        if let Some(p) = hooks.progress.as_deref_mut() {
            let val_metric = s.history.last().and_then(|r| r.val_metric);
            let loss = self.sum / self.rows as f64;
            p.on_batch(&BatchEvent { epoch: self.epoch, max_epochs, batch, batches, loss, val_metric });
        }
    }

    /// The epoch's record, its seconds added to the session's; no mean loss when it diverged.
    pub fn end(self, s: &mut Session, stop: Option<StopReason>) -> EpochRun {
        let seconds = self.started.elapsed().as_secs_f64();
        s.elapsed = self.elapsed_before + seconds;
        let diverged = matches!(stop, Some(StopReason::NonFiniteLoss { .. }));
        let train_loss = if diverged || self.rows == 0 { f64::NAN } else { self.sum / self.rows as f64 };
        let (epoch, lr, first_loss) = (self.epoch, self.lr, self.first_loss);
        EpochRun { epoch, seconds, lr, train_loss, first_loss, stop }
    }
}
