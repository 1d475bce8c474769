//! From optimizer flags to a `downhill_optim` preset chain, or to L-BFGS (which needs the function
//! as a closure, so it is not a chain). Unset flags keep the options struct's `Default`, which is
//! torch's default. `momentum` and `nesterov` are SGD with momentum 0.9 (the usual choice), still
//! overridable with `--momentum`. Ranges were checked in `applicability.rs`.
use super::Method;
use crate::args::OptimizerFlags;
use crate::error::CliError;
use downhill_optim::OptimizerKind::{self, *};
use downhill_optim::*;

/// torch's default learning rate for `kind`.
pub fn default_lr(kind: OptimizerKind) -> f64 {
    let lr = match kind {
        Sgd | Momentum | Nesterov => SgdOptions::default().lr,
        Adagrad => AdagradOptions::default().lr,
        Rmsprop => RmspropOptions::default().lr,
        Adadelta => AdadeltaOptions::default().lr,
        Adam => AdamOptions::default().lr,
        AdamW => AdamWOptions::default().lr,
        Adamax => AdamaxOptions::default().lr,
        Nadam => NadamOptions::default().lr,
        Radam => RadamOptions::default().lr,
        Lbfgs => return LbfgsOptions::default().lr,
    };
    lr.at(0)
}

/// Builds `kind` with learning rate `lr` and the flags; unset flags take torch's defaults.
/// L-BFGS takes no schedule (`config.rs` rejects one), so it uses `lr` at step 0.
pub fn build(kind: OptimizerKind, h: &OptimizerFlags, lr: Lr) -> Result<Method, CliError> {
    let (wd, maximize) = (h.weight_decay, h.maximize);
    let chain = match kind {
        Sgd | Momentum | Nesterov => {
            let d = SgdOptions::default();
            let mu = if kind == Sgd { d.momentum } else { 0.9 };
            sgd(SgdOptions {
                lr,
                momentum: h.momentum.unwrap_or(mu),
                dampening: h.dampening.unwrap_or(d.dampening),
                weight_decay: wd.unwrap_or(d.weight_decay),
                nesterov: h.nesterov || kind == Nesterov,
                maximize,
            })
        }
        Adagrad => {
            let d = AdagradOptions::default();
            adagrad(AdagradOptions {
                lr,
                lr_decay: h.lr_decay.unwrap_or(d.lr_decay),
                weight_decay: wd.unwrap_or(d.weight_decay),
                initial_accumulator_value: h.initial_accumulator_value.unwrap_or(d.initial_accumulator_value),
                eps: h.eps.unwrap_or(d.eps),
                maximize,
            })
        }
        Rmsprop => {
            let d = RmspropOptions::default();
            rmsprop(RmspropOptions {
                lr,
                alpha: h.alpha.unwrap_or(d.alpha),
                eps: h.eps.unwrap_or(d.eps),
                weight_decay: wd.unwrap_or(d.weight_decay),
                momentum: h.momentum.unwrap_or(d.momentum),
                centered: h.centered,
                maximize,
            })
        }
        Adadelta => {
            let d = AdadeltaOptions::default();
            let (rho, eps, weight_decay) =
                (h.rho.unwrap_or(d.rho), h.eps.unwrap_or(d.eps), wd.unwrap_or(d.weight_decay));
            adadelta(AdadeltaOptions { lr, rho, eps, weight_decay, maximize })
        }
        Adam | AdamW | Adamax | Nadam | Radam => build_adam_family(kind, h, lr),
        Lbfgs => return lbfgs(h, lr.at(0)),
    };
    chain
        .map(Method::Chain)
        .map_err(|source| CliError::Optim { context: format!("--optimizer {kind}"), source })
}

fn lbfgs(h: &OptimizerFlags, lr: f64) -> Result<Method, CliError> {
    let d = LbfgsOptions::default();
    let options = LbfgsOptions {
        lr,
        max_iter: h.max_iter.unwrap_or(d.max_iter),
        max_eval: h.max_eval.or(d.max_eval),
        tolerance_grad: h.tolerance_grad.unwrap_or(d.tolerance_grad),
        tolerance_change: h.tolerance_change.unwrap_or(d.tolerance_change),
        history_size: h.history_size.unwrap_or(d.history_size),
        line_search: h.line_search_fn.unwrap_or(d.line_search),
    };
    let solver = downhill_optim::Lbfgs::new(options)
        .map_err(|source| CliError::Optim { context: "--optimizer lbfgs".into(), source })?;
    Ok(Method::Lbfgs(solver))
}

fn build_adam_family(kind: OptimizerKind, h: &OptimizerFlags, lr: Lr) -> Result<Chain, OptimError> {
    let betas = |d: (f64, f64)| (h.beta1.unwrap_or(d.0), h.beta2.unwrap_or(d.1));
    let (wd, eps, maximize, amsgrad) = (h.weight_decay, h.eps, h.maximize, h.amsgrad);
    match kind {
        Adam => {
            let d = AdamOptions::default();
            let (eps, weight_decay) = (eps.unwrap_or(d.eps), wd.unwrap_or(d.weight_decay));
            adam(AdamOptions { lr, betas: betas(d.betas), eps, weight_decay, amsgrad, maximize })
        }
        AdamW => {
            let d = AdamWOptions::default();
            let (eps, weight_decay) = (eps.unwrap_or(d.eps), wd.unwrap_or(d.weight_decay));
            adamw(AdamWOptions { lr, betas: betas(d.betas), eps, weight_decay, amsgrad, maximize })
        }
        Adamax => {
            let d = AdamaxOptions::default();
            let (eps, weight_decay) = (eps.unwrap_or(d.eps), wd.unwrap_or(d.weight_decay));
            adamax(AdamaxOptions { lr, betas: betas(d.betas), eps, weight_decay, maximize })
        }
        Nadam => {
            let d = NadamOptions::default();
            nadam(NadamOptions {
                lr,
                betas: betas(d.betas),
                eps: eps.unwrap_or(d.eps),
                weight_decay: wd.unwrap_or(d.weight_decay),
                momentum_decay: h.momentum_decay.unwrap_or(d.momentum_decay),
                decoupled_weight_decay: h.decoupled_weight_decay,
                maximize,
            })
        }
        _ => {
            let d = RadamOptions::default();
            radam(RadamOptions {
                lr,
                betas: betas(d.betas),
                eps: eps.unwrap_or(d.eps),
                weight_decay: wd.unwrap_or(d.weight_decay),
                decoupled_weight_decay: h.decoupled_weight_decay,
                maximize,
            })
        }
    }
}
