//! The end of an epoch: evaluate on the validation rows, feed reduce-on-plateau, record the epoch,
//! and ask each stopping rule in turn. Order of precedence when several fire at once: a reason
//! raised during the epoch (non-finite loss, stop flag, time limit), then early stopping, the `tol`
//! rule, the gradient-norm rule, and the epoch budget.
use crate::early_stopping::Verdict;
use crate::grad_health::{self, GradHealth};
use crate::model::forward_eval;
use crate::session::Session;
use crate::{EpochRecord, Monitor, Objective, Split, StopReason, TrainConfig};
use downhill_autograd::Tape;
use downhill_nn::Sequential;
use downhill_tensor::Tensor;

/// What the batches of an epoch produced.
pub(crate) struct EpochRun {
    pub epoch: usize,
    pub seconds: f64,
    pub lr: f64,
    pub train_loss: f64,
    /// A reason to stop raised during the epoch.
    pub stop: Option<StopReason>,
}

/// Validation loss (data loss only) and metric.
fn validate(net: &mut Sequential, objective: Objective, xy: &(Tensor, Tensor)) -> (f64, f64) {
    let out = forward_eval(net, &xy.0);
    let tape = Tape::new();
    let loss = objective.loss(tape.leaf(out.clone()), tape.leaf(objective.targets(&xy.1))).item() as f64;
    (loss, objective.metric(&out, &xy.1))
}

pub(crate) fn end_epoch(
    net: &mut Sequential,
    s: &mut Session,
    config: &TrainConfig,
    objective: Objective,
    split: &Split,
    health: &mut GradHealth,
    run: EpochRun,
) -> Option<StopReason> {
    let (layer_grad_norms, grad_norm) = health.finish_epoch();
    let val = split.validation.as_ref().map(|xy| validate(net, objective, xy));
    if let (Some(plateau), Some((val_loss, _))) = (s.plateau.as_mut(), val) {
        let factor = plateau.observe(val_loss, s.optimizer.lr().unwrap_or(f64::NAN));
        if factor != 1.0 {
            s.optimizer.scale_lr(factor);
        }
    }
    let new = grad_health::warnings(run.epoch, &layer_grad_norms, &s.history.warnings);
    s.history.warnings.extend(new);
    s.history.epochs.push(EpochRecord {
        epoch: run.epoch,
        seconds: run.seconds,
        lr: run.lr,
        train_loss: run.train_loss,
        val_loss: val.map(|v| v.0),
        val_metric: val.map(|v| v.1),
        grad_norm,
        layer_grad_norms,
    });
    s.epoch = run.epoch;
    match run.stop {
        Some(reason) => Some(reason),
        None => ask_rules(net, s, config, val, run.train_loss, grad_norm),
    }
}

/// The stopping rules after a complete epoch, in order of precedence.
fn ask_rules(
    net: &Sequential,
    s: &mut Session,
    config: &TrainConfig,
    val: Option<(f64, f64)>,
    train_loss: f64,
    grad_norm: f64,
) -> Option<StopReason> {
    let (rules, epoch) = (&config.stopping, s.epoch);
    if let (Some(es), Some((val_loss, _))) = (rules.early_stopping, val) {
        match es.observe(&mut s.early, epoch, val_loss) {
            Verdict::Improved if es.restore_best => s.best = Some(downhill_nn::state_dict(net)),
            Verdict::Stop => {
                let (best_epoch, patience) = (s.early.best_epoch, es.patience);
                return Some(StopReason::EarlyStopped { epoch, best_epoch, patience });
            }
            _ => {}
        }
    }
    if let Some(t) = rules.tol {
        let (monitor, value) = match val {
            Some((_, score)) => (Monitor::ValidationScore, score),
            None => (Monitor::TrainLoss, train_loss),
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
