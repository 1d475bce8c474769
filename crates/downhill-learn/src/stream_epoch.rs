//! The training loop over a `BatchSource` (a streamed file) instead of a `Split` in memory. Only
//! the epoch differs from `Trainer::run`'s: it asks the source for batches until the pass is over,
//! where `run` follows a plan of row indices. Each step is the same `train_step`, each epoch ends
//! in the same `end_epoch` (validation on rows held in memory, plateau, stopping rules), and the
//! run ends in the same `finish` (best or averaged weights). A data error met mid-pass ends the
//! run like a stop flag, as `StopReason::BadInput`, keeping the weights of the steps before it.
//! Checkpoints come every `every` optimizer steps, mid-pass, with the place in the pass
//! (pass_position.rs): a pass is usually the whole run. Not here yet: stochastic weight averaging
//! (its batch-norm update reads the training rows again).
use crate::checkpoint;
use crate::duplicate_name::duplicate_name;
use crate::epoch_end::{end_epoch, EpochRun};
use crate::epoch_report::{report_epoch, wanted_gradients};
use crate::epoch_tally::EpochTally;
use crate::health_monitor::HealthMonitor;
use crate::progress::Hooks;
use crate::session::Session;
use crate::train_step::{train_step, StepInput};
use crate::{BatchSource, Criterion, LearnError, Split, StopReason, Trainer};
use downhill_nn::Module;

impl<C> Trainer<'_, C> {
    /// Trains on `source` until a stopping rule fires, first loading `hooks.resume` if set (and
    /// resuming its pass where it stopped); `validation` holds the validation rows (its training
    /// part is unused). `hooks.checkpoint.every` counts optimizer steps here, not epochs. Refuses
    /// L-BFGS and SWA (see the module header).
    pub fn run_stream<M, S>(
        &self,
        model: &mut M,
        source: &mut S,
        validation: &Split,
        s: &mut Session,
        hooks: &mut Hooks<'_>,
    ) -> Result<(), LearnError>
    where
        M: Module + ?Sized,
        C: Criterion<M>,
        S: BatchSource + ?Sized,
    {
        if let Some(name) = duplicate_name(model) {
            return Err(LearnError::DuplicateName { name });
        }
        let refused = [
            (s.lbfgs.is_some(), "solver", "a first-order optimizer (L-BFGS takes every row at once)"),
            (self.config.optimizer.swa.is_some(), "swa", "off when streaming"),
        ];
        if let Some((_, name, rule)) = refused.iter().find(|(given, ..)| *given) {
            return Err(LearnError::invalid(name, rule, "with a streamed data set"));
        }
        if let Some(path) = hooks.resume.clone() {
            checkpoint::load(&path, &self.identity, model, s)?;
        }
        let mut health = HealthMonitor::new(model, hooks.health);
        while s.history.stop.is_none() {
            let run = self.stream_epoch(model, source, s, hooks, &mut health)?;
            let grads = wanted_gradients(hooks, run.epoch, &health);
            let reason = end_epoch(model, &self.criterion, s, self.config, validation, &mut health, run);
            report_epoch(hooks, s, self.config.stopping.max_epochs, model, grads);
            s.history.stop = reason;
        }
        self.finish(model, validation, s)
    }

    fn stream_epoch<M, S>(
        &self,
        model: &mut M,
        source: &mut S,
        s: &mut Session,
        hooks: &mut Hooks<'_>,
        health: &mut HealthMonitor,
    ) -> Result<EpochRun, LearnError>
    where
        M: Module + ?Sized,
        C: Criterion<M>,
        S: BatchSource + ?Sized,
    {
        let (c, n) = (self.config, source.train_rows().max(1));
        let (epoch, per_step) = (s.epoch + 1, c.accumulate.max(1));
        let steps = c.batch_size.per_epoch(n).div_ceil(per_step);
        let resume = s.pass.take();
        let mut tally = EpochTally::start(s);
        let (mut b, mut drawn) = (0usize, 0usize);
        let bad = |batch: usize, e: LearnError| StopReason::BadInput { epoch, batch, message: e.to_string() };
        let mut stop = source.start_epoch(s.epoch).err().map(|e| bad(0, e));
        if let (None, Some(at)) = (&stop, resume) {
            tally.resume(&at);
            (b, drawn) = (at.batch, at.rows);
            stop = source.skip_rows(at.rows).err().map(|e| bad(at.batch, e));
        }
        while stop.is_none() {
            let mut group = Vec::with_capacity(per_step);
            while group.len() < per_step {
                match source.next_batch(c.batch_size.rows(n)) {
                    Ok(Some(batch)) => group.push(batch),
                    Ok(None) => break,
                    Err(e) => {
                        stop = Some(bad(b, e));
                        break;
                    }
                }
            }
            if group.is_empty() || stop.is_some() {
                break;
            }
            let rows: usize = group.iter().map(|g| g.rows()).sum();
            let batches = group.into_iter().map(|g| {
                let weight = g.rows() as f64 / rows as f64;
                (g, weight)
            });
            let input = StepInput {
                batches: batches.collect(),
                penalty: c.penalty.for_rows(n),
                seed: c.seed,
                share: rows as f64 / n as f64,
                parallel: None,
            };
            (b, drawn) = (b + 1, drawn + rows);
            stop = tally.count(train_step(model, &self.criterion, s, health, &input), rows, b, s);
            if stop.is_some() {
                break;
            }
            let due =
                hooks.checkpoint.as_ref().filter(|c| c.every > 0 && s.steps.is_multiple_of(c.every as u64));
            if let Some(policy) = due {
                s.pass = Some(tally.position(b, drawn));
                let saved = checkpoint::save(&policy.path, &self.identity, model, s);
                s.pass = None;
                saved?;
            }
            tally.report(hooks, s, c.stopping.max_epochs, b, steps.max(b));
            stop = self.stop_after_batch(hooks, epoch, b, tally.seconds());
        }
        Ok(tally.end(s, stop))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Batch, BatchSize, Hooks, StoppingRules, TrainConfig};
    use downhill_autograd::Var;
    use downhill_nn::{Ctx, Mlp, Sequential};
    use downhill_tensor::{Rng, Tensor};

    /// The rows of `x`, `y` in order, `rows` at a time; an error instead of batch `fail_at`.
    struct InOrder {
        x: Tensor,
        y: Tensor,
        at: usize,
        batch: usize,
        fail_at: Option<usize>,
    }

    impl BatchSource for InOrder {
        fn train_rows(&self) -> usize {
            self.x.rows()
        }
        fn start_epoch(&mut self, _epoch: usize) -> Result<(), LearnError> {
            (self.at, self.batch) = (0, 0);
            Ok(())
        }
        fn next_batch(&mut self, rows: usize) -> Result<Option<Batch>, LearnError> {
            self.batch += 1;
            if Some(self.batch) == self.fail_at {
                return Err(LearnError::invalid("row", "a number", "oops"));
            }
            let end = (self.at + rows).min(self.x.rows());
            let batch = (self.at < end)
                .then(|| Batch { x: self.x.slice_rows(self.at..end), y: self.y.slice_rows(self.at..end) });
            self.at = end;
            Ok(batch)
        }
    }

    fn mse<'t>(cx: &Ctx<'t>, net: &mut Sequential, b: &Batch) -> Var<'t> {
        let r = net.forward(cx, cx.tape.leaf(b.x.clone())) - cx.tape.leaf(b.y.clone());
        (r * r).mean()
    }

    fn setup() -> (Tensor, Tensor, TrainConfig) {
        let mut rng = Rng::seed(3);
        let x = Tensor::rand_normal([50, 3], 0.0, 1.0, &mut rng);
        let y = x.matmul(&Tensor::from_rows(&[[1.0], [-2.0], [0.5]]).unwrap());
        let config = TrainConfig {
            batch_size: BatchSize::Rows(8),
            stopping: StoppingRules::epochs(3),
            ..TrainConfig::default()
        };
        (x, y, config)
    }

    #[test]
    fn a_source_of_the_plan_s_batches_trains_bit_for_bit_as_run() {
        let (x, y, config) = setup();
        let trainer = Trainer { in_order: true, ..Trainer::new(&config, mse) };
        let mut a = Mlp::new(&[3, 4, 1]).build().unwrap();
        trainer.train(&mut a, &Split::train_only(&x, &y), &mut Hooks::default()).unwrap();
        let mut b = Mlp::new(&[3, 4, 1]).build().unwrap();
        let mut s = Session::new(&config, &b, 50, "").unwrap();
        let mut source = InOrder { x: x.clone(), y: y.clone(), at: 0, batch: 0, fail_at: None };
        let empty = Split::train_only(&Tensor::zeros([0, 3]), &Tensor::zeros([0, 1]));
        trainer.run_stream(&mut b, &mut source, &empty, &mut s, &mut Hooks::default()).unwrap();
        // Exact: the same steps on the same batches in the same order.
        assert!(a.params().iter().zip(b.params()).all(|(p, q)| p.value.data() == q.value.data()));
        assert_eq!(s.history().epochs.len(), 3);
    }

    #[test]
    fn a_data_error_mid_pass_stops_with_the_steps_before_it() {
        let (x, y, config) = setup();
        let trainer = Trainer { in_order: true, ..Trainer::new(&config, mse) };
        let mut net = Mlp::new(&[3, 4, 1]).build().unwrap();
        let mut s = Session::new(&config, &net, 50, "").unwrap();
        let mut source = InOrder { x, y, at: 0, batch: 0, fail_at: Some(3) };
        let empty = Split::train_only(&Tensor::zeros([0, 3]), &Tensor::zeros([0, 1]));
        trainer.run_stream(&mut net, &mut source, &empty, &mut s, &mut Hooks::default()).unwrap();
        let stop = s.history().stop.clone();
        assert!(
            matches!(&stop, Some(StopReason::BadInput { epoch: 1, batch: 2, message }) if message.contains("oops")),
            "{stop:?}"
        );
        assert_eq!(s.steps, 2);
    }
}
