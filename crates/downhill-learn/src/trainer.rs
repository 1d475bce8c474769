//! The training loop, kept apart from the model and the optimizer (argmin's Executor):
//!   for each epoch e (resuming after `session.epoch`):
//!     for each batch of the epoch's seeded plan: one step (train_step.rs); report progress;
//!       stop after this batch if the loss went non-finite, the stop flag is up or time is out
//!     end of epoch (epoch_end.rs): validation, plateau, history, stopping rules; checkpoint
//!   finally: put back the best parameters if early stopping keeps them.
//! Each batch gathers its rows once (`gather_rows`); full-batch training uses the rows as they are.
use crate::checkpoint;
use crate::epoch_end::{end_epoch, EpochRun};
use crate::grad_health::GradHealth;
use crate::progress::{BatchEvent, Hooks};
use crate::session::Session;
use crate::train_step::{train_step, StepInput, StepOutcome};
use crate::{EpochRecord, LearnError, Objective, Split, StopReason, TrainConfig};
use downhill_nn::{Module, Sequential};
use std::time::Instant;

#[derive(Debug)]
pub struct Trainer<'a> {
    pub config: &'a TrainConfig,
    pub objective: Objective,
    /// What a checkpoint must match to be resumed (settings and data fingerprint).
    pub identity: String,
}

impl Trainer<'_> {
    /// Trains until a stopping rule fires; the reason is in `session.history().stop`.
    pub fn run(
        &self,
        net: &mut Sequential,
        split: &Split,
        s: &mut Session,
        hooks: &mut Hooks<'_>,
    ) -> Result<(), LearnError> {
        let mut health = health_for(net);
        while s.history.stop.is_none() {
            let run = self.epoch(net, split, s, hooks, &mut health);
            let completed = run.stop.is_none();
            let reason = end_epoch(net, s, self.config, self.objective, split, &mut health, run);
            if let (Some(p), Some(r)) = (hooks.progress.as_deref_mut(), s.history.last()) {
                p.on_epoch(r, self.config.stopping.max_epochs);
            }
            s.history.stop = reason;
            let due = hooks.checkpoint.as_ref().filter(|c| c.every > 0 && s.epoch % c.every == 0);
            if let Some(policy) = due.filter(|_| completed) {
                checkpoint::save(&policy.path, &self.identity, net, s)?;
            }
        }
        self.restore_best(net, s)
    }

    /// One pass over `split`'s training rows whatever the stopping rules say (`partial_fit`).
    pub fn run_one_epoch(
        &self,
        net: &mut Sequential,
        split: &Split,
        s: &mut Session,
    ) -> Result<EpochRecord, LearnError> {
        let mut health = health_for(net);
        let run = self.epoch(net, split, s, &mut Hooks::default(), &mut health);
        if let Some(reason @ StopReason::NonFiniteLoss { .. }) =
            end_epoch(net, s, self.config, self.objective, split, &mut health, run)
        {
            return Err(LearnError::Diverged { reason: reason.to_string() });
        }
        s.history.last().cloned().ok_or(LearnError::Empty { action: "partial_fit" })
    }

    fn epoch(
        &self,
        net: &mut Sequential,
        split: &Split,
        s: &mut Session,
        hooks: &mut Hooks<'_>,
        health: &mut GradHealth,
    ) -> EpochRun {
        let (c, n) = (self.config, split.train_rows());
        let epoch = s.epoch + 1;
        let plan = c.batch_size.plan(n, c.seed, s.epoch);
        let targets = self.objective.targets(&split.y_train);
        let (lr, started, elapsed_before) = (s.lr(), Instant::now(), s.elapsed);
        let (mut sum, mut rows_done, mut stop) = (0.0, 0usize, None);
        for (b, rows) in plan.iter().enumerate() {
            let (x, target) = match rows.len() == n {
                true => (split.x_train.clone(), targets.clone()),
                false => (split.x_train.gather_rows(rows), targets.gather_rows(rows)),
            };
            let share = rows.len() as f64 / n as f64;
            let input =
                StepInput { x, target, objective: self.objective, penalty: &c.penalty, seed: c.seed, share };
            match train_step(net, s, health, input) {
                StepOutcome::Done(loss) => {
                    (sum, rows_done) = (sum + loss * rows.len() as f64, rows_done + rows.len())
                }
                StepOutcome::NonFinite => {
                    stop = Some(StopReason::NonFiniteLoss { epoch, batch: b + 1, lr: s.lr() });
                    break;
                }
            }
            if let Some(p) = hooks.progress.as_deref_mut() {
                let (batch, batches, loss) = (b + 1, plan.len(), sum / rows_done as f64);
                let val_metric = s.history.last().and_then(|r| r.val_metric);
                p.on_batch(&BatchEvent {
                    epoch,
                    max_epochs: c.stopping.max_epochs,
                    batch,
                    batches,
                    loss,
                    val_metric,
                });
            }
            stop =
                self.stop_after_batch(hooks, epoch, b + 1, elapsed_before + started.elapsed().as_secs_f64());
            if stop.is_some() && b + 1 < plan.len() {
                break;
            }
        }
        let seconds = started.elapsed().as_secs_f64();
        s.elapsed = elapsed_before + seconds;
        let diverged = matches!(stop, Some(StopReason::NonFiniteLoss { .. }));
        let train_loss = if diverged || rows_done == 0 { f64::NAN } else { sum / rows_done as f64 };
        EpochRun { epoch, seconds, lr, train_loss, stop }
    }

    /// The stop flag, then the time limit, checked after batch `batch` of `epoch`.
    fn stop_after_batch(
        &self,
        hooks: &Hooks<'_>,
        epoch: usize,
        batch: usize,
        seconds: f64,
    ) -> Option<StopReason> {
        if hooks.stop_requested() {
            return Some(StopReason::Interrupted { epoch, batch });
        }
        let limit = self.config.stopping.time_limit_secs.filter(|&l| seconds >= l)?;
        Some(StopReason::TimeLimit { epoch, seconds: limit })
    }

    fn restore_best(&self, net: &mut Sequential, s: &mut Session) -> Result<(), LearnError> {
        let keep_last = matches!(s.history.stop, Some(StopReason::NonFiniteLoss { .. }));
        let restore = self.config.stopping.early_stopping.is_some_and(|es| es.restore_best);
        if let (false, true, Some(best)) = (keep_last, restore, s.best.as_ref()) {
            downhill_nn::load_state(net, best)?;
            s.history.restored_epoch = Some(s.early.best_epoch);
        }
        Ok(())
    }
}

fn health_for(net: &Sequential) -> GradHealth {
    let params = net.params();
    let names: Vec<&str> = params.iter().map(|p| p.name()).collect();
    let values: Vec<&downhill_tensor::Tensor> = params.iter().map(|p| &p.value).collect();
    GradHealth::new(&names, &values)
}
