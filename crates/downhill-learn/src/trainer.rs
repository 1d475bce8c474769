//! The training loop for any module and any criterion, kept apart from the model and the optimizer
//! (argmin's Executor):
//!   [load the checkpoint `hooks.resume`]
//!   for each epoch e (resuming after `session.epoch`):
//!     for each batch of the epoch's seeded plan: one step (train_step.rs); report progress;
//!       stop after this batch if the loss went non-finite, the stop flag is up or time is out
//!     end of epoch (epoch_end.rs): validation, plateau, history, stopping rules; checkpoint
//!   finally: put back the best parameters if early stopping keeps them, or the averaged weights
//!     (with `update_bn` for a stochastic weight average).
//! Each batch gathers its rows once, over an earlier batch's buffers, and on another worker while
//! the step before runs when the inputs outgrow the cache (step_batches.rs); full-batch training
//! uses the rows as they are.
//! As one rank of a data-parallel run (`hooks.distributed`, distributed.rs) the epoch's plan is the
//! rank's shard, rank 0's weights start every rank, each step averages the gradients, and the
//! decisions that end the run are agreed by every rank.
//! The criterion is a closure `(cx, model, batch) -> loss` or any `Criterion`; the estimators pass
//! their `Objective` (objective_criterion.rs).
use crate::checkpoint;
use crate::duplicate_name::duplicate_name;
use crate::epoch_end::{end_epoch, EpochRun};
use crate::epoch_report::{report_epoch, wanted_gradients};
use crate::epoch_tally::EpochTally;
use crate::health_monitor::{HealthMonitor, HealthSampling};
use crate::progress::Hooks;
use crate::session::Session;
use crate::step_batches::StepBatches;
use crate::train_step::train_step;
use crate::{Batch, Criterion, EpochRecord, LearnError, Split, StopReason, TrainConfig, WithMetric};
use downhill_autograd::Var;
use downhill_nn::{Ctx, Module};

/// The training loop over any module and criterion (see the module docs): batches, steps, validation,
/// stopping rules, health findings and checkpoints.
#[derive(Debug)]
pub struct Trainer<'a, C> {
    /// Optimizer, batches, stopping rules, penalty and seed (`validation_fraction` is the split's).
    pub config: &'a TrainConfig,
    /// What to minimise.
    pub criterion: C,
    /// What a checkpoint must match to be resumed (e.g. settings and a data fingerprint).
    pub identity: String,
    /// Visit the training rows in their order, batch after batch, instead of reshuffling them
    /// each epoch: for sequences whose recurrent state carries from one batch to the next.
    pub in_order: bool,
}

impl<'a, C> Trainer<'a, C> {
    /// A trainer minimising the closure `loss(cx, model, batch)`. (Any other `Criterion`, such as
    /// an `Objective`, goes in the `criterion` field of a struct literal.)
    pub fn new<M: ?Sized>(config: &'a TrainConfig, loss: C) -> Self
    where
        C: for<'t> Fn(&Ctx<'t>, &mut M, &Batch) -> Var<'t>,
    {
        Trainer { config, criterion: loss, identity: String::new(), in_order: false }
    }

    /// The same trainer reporting `metric(model, validation rows)` (higher is better) as `name`.
    pub fn with_metric<M: ?Sized, F>(self, name: &str, metric: F) -> Trainer<'a, WithMetric<C, F>>
    where
        F: Fn(&mut M, &Batch) -> f64,
    {
        let criterion = WithMetric { criterion: self.criterion, name: name.to_string(), metric };
        Trainer { config: self.config, criterion, identity: self.identity, in_order: self.in_order }
    }
}

impl<C> Trainer<'_, C> {
    /// A fresh session for `model` trained on `split`, run until a stopping rule fires.
    pub fn train<M>(&self, model: &mut M, split: &Split, hooks: &mut Hooks<'_>) -> Result<Session, LearnError>
    where
        M: Module + ?Sized,
        C: Criterion<M>,
    {
        // A rank's epoch has its shard's batches (the schedules count steps per epoch).
        let rows = split.train_rows().div_ceil(hooks.ranks());
        let mut s = Session::new(self.config, model, rows, self.criterion.metric_name())?;
        self.run(model, split, &mut s, hooks)?;
        Ok(s)
    }

    /// Trains until a stopping rule fires, first loading `hooks.resume` if set; the reason is in
    /// `session.history().stop`. Refuses a split whose `x` and `y` row counts differ and a model
    /// whose parameter names clash (checkpoints and the kept best weights go by name).
    pub fn run<M>(
        &self,
        model: &mut M,
        split: &Split,
        s: &mut Session,
        hooks: &mut Hooks<'_>,
    ) -> Result<(), LearnError>
    where
        M: Module + ?Sized,
        C: Criterion<M>,
    {
        split.check_rows()?;
        if let Some(name) = duplicate_name(model) {
            return Err(LearnError::DuplicateName { name });
        }
        if s.lbfgs.is_some() && hooks.distributed.is_some() {
            return Err(LearnError::Distributed(
                "data-parallel training takes a first-order optimizer (give --optimizer, e.g. adam): \
                 L-BFGS takes full-batch steps on one process"
                    .into(),
            ));
        }
        if matches!(self.config.optimizer.optimizer, crate::OptimizerConfig::SparseAdam(_))
            && hooks.distributed.is_some()
        {
            return Err(LearnError::Distributed(
                "data-parallel training averages dense gradients, so sparse_adam would move every \
                 embedding row (give --optimizer adam)"
                    .into(),
            ));
        }
        if let Some(path) = hooks.resume.clone() {
            checkpoint::load(&path, &self.identity, model, s)?;
        }
        if let Some(parallel) = hooks.distributed {
            parallel.broadcast_model(model);
        }
        let penalty = &self.config.penalty;
        if let Some(w) = crate::findings::dense_features(model, split, penalty, &s.history.warnings) {
            s.history.warnings.push(w);
        }
        let mut health = HealthMonitor::new(model, hooks.health);
        while s.history.stop.is_none() {
            let run = self.epoch(model, split, s, hooks, &mut health);
            let grads = wanted_gradients(hooks, run.epoch, &health);
            let completed = run.stop.is_none();
            if let Some(parallel) = hooks.distributed {
                parallel.broadcast_buffers(model); // validation sees rank 0's statistics
            }
            let mut reason = end_epoch(model, &self.criterion, s, self.config, split, &mut health, run);
            if let Some(parallel) = hooks.distributed {
                reason = parallel.agree(reason);
            }
            report_epoch(hooks, s, self.config.stopping.max_epochs, model, grads);
            s.history.stop = reason;
            let due = hooks.checkpoint.as_ref().filter(|c| c.every > 0 && s.epoch.is_multiple_of(c.every));
            if let Some(policy) = due.filter(|_| completed) {
                checkpoint::save(&policy.path, &self.identity, model, s)?;
            }
        }
        self.finish(model, split, s)
    }

    /// After the last epoch: the best or averaged weights into the model, as `run` leaves it.
    pub(crate) fn finish<M>(&self, model: &mut M, split: &Split, s: &mut Session) -> Result<(), LearnError>
    where
        M: Module + ?Sized,
        C: Criterion<M>,
    {
        // The pooled buffers have the training step's sizes, which nothing after training asks for.
        downhill_tensor::release_buffers();
        self.restore_best(model, s)?;
        s.history.swa_epochs = self.config.optimizer.swa_epochs(s.optimizer.state());
        // An averaging optimizer's average (ASGD's ax, Schedule-Free's x) is the trained model
        // (unless early stopping restored the best epoch's weights); a stochastic weight average
        // takes its batch-norm statistics anew (update_bn.rs).
        if let (None, Some(avg)) = (s.history.restored_epoch, s.evaluated_weights(self.config, model)) {
            crate::epoch_end::swap_params(model, avg);
            if self.config.optimizer.swa.is_some() {
                crate::update_bn::update_bn(model, &self.criterion, split, self.config);
            }
        }
        Ok(())
    }

    /// One pass over `split`'s training rows whatever the stopping rules say (`partial_fit`).
    pub fn run_one_epoch<M>(
        &self,
        model: &mut M,
        split: &Split,
        s: &mut Session,
    ) -> Result<EpochRecord, LearnError>
    where
        M: Module + ?Sized,
        C: Criterion<M>,
    {
        let mut health = HealthMonitor::new(model, HealthSampling::default());
        let run = self.epoch(model, split, s, &mut Hooks::default(), &mut health);
        if let Some(reason @ StopReason::NonFiniteLoss { .. }) =
            end_epoch(model, &self.criterion, s, self.config, split, &mut health, run)
        {
            return Err(LearnError::Diverged { reason: reason.to_string() });
        }
        s.history.last().cloned().ok_or(LearnError::Empty { action: "partial_fit" })
    }

    fn epoch<M>(
        &self,
        model: &mut M,
        split: &Split,
        s: &mut Session,
        hooks: &mut Hooks<'_>,
        health: &mut HealthMonitor,
    ) -> EpochRun
    where
        M: Module + ?Sized,
        C: Criterion<M>,
    {
        if s.lbfgs.is_some() {
            let mut run =
                crate::lbfgs_epoch::lbfgs_epoch(model, &self.criterion, s, self.config, split, health);
            s.elapsed += run.seconds;
            if run.stop.is_none() {
                run.stop = self.stop_after_batch(hooks, run.epoch, 1, s.elapsed);
            }
            return run;
        }
        let (c, n) = (self.config, split.train_rows());
        let plan = match hooks.distributed {
            Some(d) => c.batch_size.plan_shard(n, c.seed, s.epoch, !self.in_order, d.rank(), d.ranks()),
            None => c.batch_size.plan(n, c.seed, s.epoch, !self.in_order),
        };
        let steps: Vec<&[Vec<usize>]> = plan.chunks(c.accumulate.max(1)).collect();
        let mut tally = EpochTally::start(s);
        let (epoch, mut stop) = (tally.epoch, None);
        let mut batches = StepBatches::new(split, c, &steps);
        for (b, group) in steps.iter().enumerate() {
            let rows: usize = group.iter().map(Vec::len).sum();
            let outcome = batches.run(b, |input| {
                input.parallel = hooks.distributed;
                // The averaged gradient is that of every rank's rows together.
                input.share *= hooks.ranks() as f64;
                train_step(model, &self.criterion, s, health, input)
            });
            stop = tally.count(outcome, rows, b + 1, s);
            if stop.is_some() {
                break;
            }
            tally.report(hooks, s, c.stopping.max_epochs, b + 1, steps.len());
            stop = self.stop_after_batch(hooks, epoch, b + 1, tally.seconds());
            // A rank stops when any rank stops (rank 0 says why, at the end of the epoch).
            if hooks.distributed.is_some_and(|d| d.any(stop.is_some())) && stop.is_none() {
                stop = Some(StopReason::Interrupted { epoch, batch: b + 1 });
            }
            if stop.is_some() && b + 1 < steps.len() {
                break;
            }
        }
        tally.end(s, stop)
    }

    /// The stop flag, then the time limit, checked after batch `batch` of `epoch`.
    pub(crate) fn stop_after_batch(
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

    fn restore_best<M: Module + ?Sized>(&self, model: &mut M, s: &mut Session) -> Result<(), LearnError> {
        let keep_last = matches!(s.history.stop, Some(StopReason::NonFiniteLoss { .. }));
        let restore = self.config.stopping.early_stopping.is_some_and(|es| es.restore_best);
        if let (false, true, Some(best)) = (keep_last, restore, s.best.as_ref()) {
            downhill_nn::load_state(model, best)?;
            s.history.restored_epoch = Some(s.early.best_epoch);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Criterion, OptimizerConfig, OptimizerSettings, StoppingRules};
    use downhill_nn::{Mlp, Sequential};
    use downhill_optim::{asgd_average, AsgdOptions, ScheduleFreeAdamWOptions, ScheduleFreeSgdOptions};
    use downhill_tensor::{Rng, Tensor};

    /// y = x·[1, −2, 0.5] on 120 standard normal rows drawn from `seed`, a quarter held out.
    fn linear_split(seed: u64) -> Split {
        let mut rng = Rng::seed(seed);
        let x = Tensor::rand_normal([120, 3], 0.0, 1.0, &mut rng);
        let y = x.matmul(&Tensor::from_rows(&[[1.0], [-2.0], [0.5]]).unwrap());
        Split::new(&x, &y, 0.25, crate::Task::Regression, 1).unwrap()
    }

    /// The mean squared error of `net` on `b`.
    fn mse<'t>(cx: &Ctx<'t>, net: &mut Sequential, b: &Batch) -> Var<'t> {
        let r = net.forward(cx, cx.tape.leaf(b.x.clone())) - cx.tape.leaf(b.y.clone());
        (r * r).mean()
    }

    #[test]
    fn schedule_free_validates_and_leaves_x_as_the_model() {
        // Schedule-Free AdamW steps the parameters y; every epoch validates x = lerp(y, z, 1 - 1/b1),
        // the package's eval mode, and training ends with x in the model. Exact: the same
        // evaluation of the same weights.
        let split = linear_split(5);
        let sf =
            OptimizerConfig::ScheduleFreeAdamW(ScheduleFreeAdamWOptions { lr: 0.02, ..Default::default() });
        let config = TrainConfig {
            optimizer: OptimizerSettings::new(sf.clone()),
            batch_size: crate::BatchSize::Rows(16),
            stopping: StoppingRules::epochs(3),
            ..TrainConfig::default()
        };
        let trainer = Trainer::new(&config, mse);
        // The same run epoch by epoch (`run_one_epoch` leaves the iterate y in the model).
        let mut iterate = Mlp::new(&[3, 4, 1]).build().unwrap();
        let mut s_y = Session::new(&config, &iterate, split.train_rows(), "").unwrap();
        for _ in 0..3 {
            trainer.run_one_epoch(&mut iterate, &split, &mut s_y).unwrap();
        }
        let y: Vec<Tensor> = iterate.params().iter().map(|p| p.value.clone()).collect();
        let x = sf.evaluated_weights(s_y.optimizer.state(), &y).unwrap();
        let mut net = Mlp::new(&[3, 4, 1]).build().unwrap();
        let s = trainer.train(&mut net, &split, &mut Hooks::default()).unwrap();
        let model: Vec<&Tensor> = net.params().into_iter().map(|p| &p.value).collect();
        // Exact: the same steps from the same seeds, then the same lerp.
        assert!(model.iter().zip(&x).all(|(m, x)| m.data() == x.data()), "the model is x");
        assert!(model.iter().zip(&y).any(|(m, y)| m.data() != y.data()), "x differs from y");
        let (vx, vy) = split.validation.clone().unwrap();
        let again = trainer.criterion.validate(&mut net, &Batch { x: vx, y: vy });
        assert_eq!(s.history.last().unwrap().val_loss, Some(again.loss), "the last validation was of x");
        assert_eq!(s_y.history.last().unwrap().val_loss, Some(again.loss), "so was run_one_epoch's");
    }

    #[test]
    fn early_stopping_restores_the_best_epoch_s_x_the_weights_it_validated() {
        // Restoring the best epoch must restore the x it validated, not the iterate y (storing y
        // fails this). Exact: the same evaluation of the same weights.
        let split = linear_split(6);
        let sf = OptimizerConfig::ScheduleFreeSgd(ScheduleFreeSgdOptions { lr: 0.3, ..Default::default() });
        let early = crate::EarlyStopping { patience: 100, min_delta: 0.0, restore_best: true };
        let config = TrainConfig {
            optimizer: OptimizerSettings::new(sf),
            batch_size: crate::BatchSize::Rows(16),
            stopping: StoppingRules { early_stopping: Some(early), ..StoppingRules::epochs(8) },
            ..TrainConfig::default()
        };
        let trainer = Trainer::new(&config, mse);
        let mut net = Mlp::new(&[3, 4, 1]).build().unwrap();
        let s = trainer.train(&mut net, &split, &mut Hooks::default()).unwrap();
        let best = s.history.restored_epoch.expect("early stopping restores its best epoch");
        let (vx, vy) = split.validation.clone().unwrap();
        let again = trainer.criterion.validate(&mut net, &Batch { x: vx, y: vy });
        assert_eq!(s.history.epochs[best - 1].val_loss, Some(again.loss), "epoch {best}'s x is the model");
    }

    #[test]
    fn a_moving_average_of_the_weights_is_the_model_validated_and_left() {
        // --ema 0.8 around Adam: every epoch validates the average, and training ends with it in
        // the model. Exact: the same evaluation of the same weights.
        let split = linear_split(6);
        let adam = OptimizerConfig::default().with_lr(0.05);
        let config = TrainConfig {
            optimizer: OptimizerSettings { ema: Some(0.8), ..OptimizerSettings::new(adam) },
            batch_size: crate::BatchSize::Rows(16),
            stopping: StoppingRules::epochs(3),
            ..TrainConfig::default()
        };
        let trainer = Trainer::new(&config, mse);
        let mut net = Mlp::new(&[3, 4, 1]).build().unwrap();
        let s = trainer.train(&mut net, &split, &mut Hooks::default()).unwrap();
        let values: Vec<Tensor> = net.params().into_iter().map(|p| p.value.clone()).collect();
        let average = config.optimizer.evaluated_weights(s.optimizer.state(), &values).unwrap();
        assert!(values.iter().zip(&average).all(|(m, a)| m.data() == a.data()), "the model is the average");
        let (vx, vy) = split.validation.clone().unwrap();
        let again = trainer.criterion.validate(&mut net, &Batch { x: vx, y: vy });
        assert_eq!(s.history.last().unwrap().val_loss, Some(again.loss), "the last validation was of it");
    }

    #[test]
    fn asgd_validates_and_leaves_its_average_as_the_model() {
        // Averaging from the first step (t0 = 0): every epoch's validation loss is that of the
        // average ax, and training ends with ax in the model. Exact: the same evaluation of the
        // same weights.
        let split = linear_split(4);
        let asgd = OptimizerConfig::Asgd(AsgdOptions { lr: 0.05, t0: 0.0, ..AsgdOptions::default() });
        let config = TrainConfig {
            optimizer: OptimizerSettings::new(asgd),
            batch_size: crate::BatchSize::Rows(16),
            stopping: StoppingRules::epochs(4),
            ..TrainConfig::default()
        };
        let trainer = Trainer::new(&config, mse);
        let mut net = Mlp::new(&[3, 4, 1]).build().unwrap();
        let s = trainer.train(&mut net, &split, &mut Hooks::default()).unwrap();
        let average = asgd_average(s.optimizer.state()).unwrap();
        let model: Vec<&Tensor> = net.params().into_iter().map(|p| &p.value).collect();
        assert!(model.iter().zip(average).all(|(m, a)| m.data() == a.data()), "the model is ax");
        let (vx, vy) = split.validation.clone().unwrap();
        let again = trainer.criterion.validate(&mut net, &Batch { x: vx, y: vy });
        assert_eq!(s.history.last().unwrap().val_loss, Some(again.loss), "the last validation was of ax");
    }
}
