//! The end of an epoch: evaluate on the validation rows, feed reduce-on-plateau, record the epoch,
//! and ask each stopping rule in turn. Order of precedence when several fire at once: a reason
//! raised during the epoch (non-finite loss, stop flag, time limit), then early stopping, the `tol`
//! rule, the gradient-norm rule, and the epoch budget. Validation is the criterion's (`validate`):
//! its loss drives plateau and early stopping; `tol` watches its metric, or its loss when the
//! criterion has no metric, or the training loss when there are no validation rows.
use crate::early_stopping::Verdict;
use crate::grad_health;
use crate::health_monitor::HealthMonitor;
use crate::session::Session;
use crate::update_bn::with_updated_bn;
use crate::{Batch, Criterion, EpochRecord, Monitor, Split, StopReason, TrainConfig, Validation};
use downhill_nn::Module;

/// What the batches of an epoch produced.
pub(crate) struct EpochRun {
    pub epoch: usize,
    pub seconds: f64,
    pub lr: f64,
    pub train_loss: f64,
    /// The loss of the epoch's first step (NaN when unknown): where epoch 1's fall is measured from.
    pub first_loss: f64,
    /// A reason to stop raised during the epoch.
    pub stop: Option<StopReason>,
}

pub(crate) fn end_epoch<M, C>(
    model: &mut M,
    criterion: &C,
    s: &mut Session,
    config: &TrainConfig,
    split: &Split,
    health: &mut HealthMonitor,
    run: EpochRun,
) -> Option<StopReason>
where
    M: Module + ?Sized,
    C: Criterion<M> + ?Sized,
{
    let explosions = health.grads.explosions();
    let (layer_grad_norms, grad_norm) = health.grads.finish_epoch();
    let (layer_update_ratios, units) = health.finish_sampled();
    let averaged = s.evaluated_weights(config, model);
    let val = split.validation.as_ref().map(|(x, y)| {
        let rows = Batch { x: x.clone(), y: y.clone() };
        match &averaged {
            // The averaged weights are the model that is evaluated: validate them (a stochastic
            // weight average with its own batch-norm statistics), then go on training the iterate.
            Some(avg) => {
                let iterate = swap_params(model, avg.clone());
                let v = match config.optimizer.swa {
                    Some(_) => {
                        with_updated_bn(model, criterion, split, config, |m| criterion.validate(m, &rows))
                    }
                    None => criterion.validate(model, &rows),
                };
                swap_params(model, iterate);
                v
            }
            None => criterion.validate(model, &rows),
        }
    });
    if let (Some(plateau), Some(v)) = (s.plateau.as_mut(), val) {
        let factor = plateau.observe(v.loss, s.optimizer.lr().unwrap_or(f64::NAN));
        if factor != 1.0 {
            s.optimizer.scale_lr(factor);
        }
    }
    // Did the loss fall by a tenth over the epoch (from its first step in epoch 1)?
    let before = s.history.last().map_or(run.first_loss, |r| r.train_loss);
    // (A loss or reference that is not a number counts as falling: nothing to judge by.)
    let stalled = run.train_loss > 0.9 * before;
    let falling = !stalled;
    let sizes = health.grads.layer_sizes();
    let new = grad_health::warnings(
        run.epoch,
        &layer_grad_norms,
        &sizes,
        &explosions,
        falling,
        &s.history.warnings,
    );
    s.history.warnings.extend(new);
    let before = s.history.last().map_or(&[][..], |r| &r.layer_update_ratios);
    let now = (&layer_update_ratios[..], &units[..]);
    let sampled = crate::health_findings::sampled(run.epoch, now, before, falling, &s.history.warnings);
    s.history.warnings.extend(sampled);
    s.history.epochs.push(EpochRecord {
        epoch: run.epoch,
        seconds: run.seconds,
        lr: run.lr,
        train_loss: run.train_loss,
        val_loss: val.map(|v| v.loss),
        val_metric: val.and_then(|v| v.metric),
        grad_norm,
        layer_grad_norms,
        layer_update_ratios,
        units,
    });
    s.epoch = run.epoch;
    let (epochs, seen) = (&s.history.epochs, &s.history.warnings);
    let late = [crate::findings::overfitting(epochs, seen), crate::health_findings::plateau(epochs, seen)];
    s.history.warnings.extend(late.into_iter().flatten());
    match run.stop {
        Some(reason) => Some(reason),
        None => ask_rules(model, s, config, val, run.train_loss, grad_norm, averaged),
    }
}

/// The stopping rules after a complete epoch, in order of precedence.
fn ask_rules<M: Module + ?Sized>(
    model: &mut M,
    s: &mut Session,
    config: &TrainConfig,
    val: Option<Validation>,
    train_loss: f64,
    grad_norm: f64,
    averaged: Option<Vec<downhill_tensor::Tensor>>,
) -> Option<StopReason> {
    let (rules, epoch) = (&config.stopping, s.epoch);
    if let (Some(es), Some(v)) = (rules.early_stopping, val) {
        match es.observe(&mut s.early, epoch, v.loss) {
            // The best epoch's model is the one validated: the averaged weights, if any.
            Verdict::Improved if es.restore_best => {
                let iterate = averaged.map(|avg| swap_params(model, avg));
                s.best = Some(downhill_nn::state_dict(&*model));
                if let Some(iterate) = iterate {
                    swap_params(model, iterate);
                }
            }
            Verdict::Stop => {
                let (best_epoch, patience) = (s.early.best_epoch, es.patience);
                return Some(StopReason::EarlyStopped { epoch, best_epoch, patience });
            }
            _ => {}
        }
    }
    if let Some(t) = rules.tol {
        // The asked-for quantity when there is one to watch (validation needs validation rows, a
        // score needs a metric), else the validation score, loss or training loss, in that order.
        let (monitor, value) = match (t.monitor, val) {
            (Some(Monitor::TrainLoss), _) | (_, None) => (Monitor::TrainLoss, train_loss),
            (Some(Monitor::ValidationLoss), Some(v)) | (_, Some(v @ Validation { metric: None, .. })) => {
                (Monitor::ValidationLoss, v.loss)
            }
            (_, Some(Validation { metric: Some(score), .. })) => (Monitor::ValidationScore, score),
        };
        if t.observe(&mut s.tolerance, monitor, value) {
            let (tol, n_iter_no_change) = (t.tol, t.n_iter_no_change);
            return Some(StopReason::NoImprovement { epoch, monitor, tol, n_iter_no_change });
        }
    }
    if let Some(tol) = rules.grad_tol.filter(|&tol| grad_norm < tol) {
        return Some(StopReason::GradientNorm { epoch, norm: grad_norm, tol });
    }
    (epoch >= rules.max_epochs).then_some(StopReason::MaxEpochs { epochs: epoch })
}

/// Puts `values` into `model`'s parameters (in `params()` order) and returns the ones they replace.
pub(crate) fn swap_params<M: Module + ?Sized>(
    model: &mut M,
    values: Vec<downhill_tensor::Tensor>,
) -> Vec<downhill_tensor::Tensor> {
    model.params_mut().into_iter().zip(values).map(|(p, v)| std::mem::replace(&mut p.value, v)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{StoppingRules, Tolerance};
    use downhill_nn::{Init, Linear};
    use downhill_tensor::Rng;

    #[test]
    fn tol_watches_the_validation_loss_when_the_criterion_has_no_metric() {
        let tol = Some(Tolerance { tol: 0.1, n_iter_no_change: 1, monitor: None });
        let config = TrainConfig {
            stopping: StoppingRules { tol, ..StoppingRules::epochs(100) },
            ..Default::default()
        };
        let mut lin = Linear::new(1, 1, true, Init::Zeros, &mut Rng::seed(0));
        let mut s = Session::new(&config, &lin, 1, "").unwrap();
        let mut ask = |val: Validation| {
            s.epoch += 1;
            ask_rules(&mut lin, &mut s, &config, Some(val), 5.0, 1.0, None)
        };
        assert_eq!(ask(Validation { loss: 1.0, metric: None }), None);
        // 0.95 > 1.0 − tol: lower, but not by tol, so the loss (lower is better) has stalled.
        let reason = ask(Validation { loss: 0.95, metric: None });
        assert!(
            matches!(reason, Some(StopReason::NoImprovement { monitor: Monitor::ValidationLoss, .. })),
            "{reason:?}"
        );
        // With a metric the score is watched (higher is better): 0.5 after 0.95 is no gain either.
        let reason = ask(Validation { loss: 0.0, metric: Some(0.5) });
        assert!(
            matches!(reason, Some(StopReason::NoImprovement { monitor: Monitor::ValidationScore, .. })),
            "{reason:?}"
        );
    }

    #[test]
    fn tol_keeps_to_the_training_loss_when_asked() {
        let tol = Some(Tolerance { tol: 0.1, n_iter_no_change: 1, monitor: Some(Monitor::TrainLoss) });
        let config = TrainConfig {
            stopping: StoppingRules { tol, ..StoppingRules::epochs(100) },
            ..Default::default()
        };
        let mut lin = Linear::new(1, 1, true, Init::Zeros, &mut Rng::seed(0));
        let mut s = Session::new(&config, &lin, 1, "").unwrap();
        let mut ask = |train_loss: f64, score: f64| {
            s.epoch += 1;
            ask_rules(
                &mut lin,
                &mut s,
                &config,
                Some(Validation { loss: 9.0, metric: Some(score) }),
                train_loss,
                1.0,
                None,
            )
        };
        // The score stalls at 0.5, which would stop a rule watching it; the training loss falls by
        // more than tol each epoch, so training goes on until it stalls.
        assert_eq!((ask(5.0, 0.5), ask(4.0, 0.5), ask(3.0, 0.5)), (None, None, None));
        let reason = ask(2.95, 0.9);
        assert!(
            matches!(reason, Some(StopReason::NoImprovement { monitor: Monitor::TrainLoss, .. })),
            "{reason:?}"
        );
    }
}
