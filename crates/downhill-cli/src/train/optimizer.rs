//! From `--optimizer` and the descent flags shared with `optimize` to the training loop's
//! `OptimizerSettings`. Flags are checked by `optimize`'s rules (range, and that the flag applies
//! to the chosen optimizer); unset ones keep torch's defaults (`OptimizerConfig::from_kind`).
//! `momentum` and `nesterov` are SGD with momentum 0.9. Without `--optimizer` and `--lr` the
//! estimator's own default is kept (Adam at 0.01 for linear models, 1e-3 for the MLP).
use super::schedule::lr_plan;
use crate::args::{DescentFlags, OptimizerFlags, SchedulePerArg};
use crate::error::CliError;
use crate::optimize::{validate_optimizer_flags, Clipping};
use downhill_learn::{Clip, OptimizerConfig, OptimizerSettings, SchedulePer};
use downhill_optim::OptimizerKind;

/// The settings for `--optimizer name` (or the estimator's `default`) with the descent flags applied.
pub fn optimizer_settings(
    name: Option<&str>,
    d: &DescentFlags,
    per: Option<SchedulePerArg>,
    default: &OptimizerSettings,
) -> Result<OptimizerSettings, CliError> {
    let kind = match name {
        Some(n) => parse_kind(n)?,
        None => OptimizerKind::Adam,
    };
    validate_optimizer_flags(&d.hyper, &[kind])?;
    if d.hyper.maximize {
        let applies_to = "downhill optimize (training always minimises the loss)".into();
        return Err(CliError::NotApplicable {
            flag: "--maximize",
            chosen: "downhill train".into(),
            applies_to,
        });
    }
    let base = match (name, d.hyper.lr) {
        (None, None) => default.optimizer.clone(),
        _ => from_kind(kind)?,
    };
    let mut optimizer = with_flags(base, &d.hyper);
    let plan = lr_plan(&d.schedule, d.hyper.lr.is_some(), optimizer.lr())?;
    if let Some(lr) = plan.base_lr {
        optimizer = optimizer.with_lr(lr);
    }
    let clip = match Clipping::from_flags(d)? {
        Clipping::None => Clip::None,
        Clipping::GlobalNorm(c) => Clip::GlobalNorm(c),
        Clipping::Value(v) => Clip::Value(v),
    };
    let schedule_per = match per {
        Some(SchedulePerArg::Batch) => SchedulePer::Batch,
        Some(SchedulePerArg::Epoch) | None => SchedulePer::Epoch,
    };
    Ok(OptimizerSettings { optimizer, schedule: plan.schedule, schedule_per, clip, plateau: plan.plateau })
}

/// `NAME` as an optimizer the training loop can use; the message lists the names.
pub fn parse_kind(name: &str) -> Result<OptimizerKind, CliError> {
    let accepted =
        || OptimizerKind::all_names().into_iter().filter(|n| *n != "lbfgs").collect::<Vec<_>>().join(", ");
    match name.parse::<OptimizerKind>() {
        Ok(OptimizerKind::Lbfgs) => Err(CliError::NotApplicable {
            flag: "--optimizer lbfgs",
            chosen: "downhill train".into(),
            applies_to: format!("downhill optimize; train takes a first-order optimizer: {}", accepted()),
        }),
        Ok(kind) => Ok(kind),
        Err(_) => Err(CliError::UnknownName {
            flag: "--optimizer",
            message: format!("unknown optimizer `{name}`; accepted: {}", accepted()),
        }),
    }
}

/// torch's defaults for `kind`.
pub fn from_kind(kind: OptimizerKind) -> Result<OptimizerConfig, CliError> {
    Ok(OptimizerConfig::from_kind(kind)?)
}

/// `c` with every given flag applied (each was checked to apply to `c`'s optimizer).
pub fn with_flags(mut c: OptimizerConfig, h: &OptimizerFlags) -> OptimizerConfig {
    use OptimizerConfig as C;
    let set = |v: &mut f64, flag: Option<f64>| *v = flag.unwrap_or(*v);
    let betas = |b: &mut (f64, f64)| *b = (h.beta1.unwrap_or(b.0), h.beta2.unwrap_or(b.1));
    match &mut c {
        C::Sgd { momentum, dampening, weight_decay, nesterov, .. } => {
            set(momentum, h.momentum);
            set(dampening, h.dampening);
            set(weight_decay, h.weight_decay);
            *nesterov |= h.nesterov;
        }
        C::Adagrad { lr_decay, weight_decay, initial_accumulator_value, eps, .. } => {
            set(lr_decay, h.lr_decay);
            set(weight_decay, h.weight_decay);
            set(initial_accumulator_value, h.initial_accumulator_value);
            set(eps, h.eps);
        }
        C::Rmsprop { alpha, eps, weight_decay, momentum, centered, .. } => {
            set(alpha, h.alpha);
            set(eps, h.eps);
            set(weight_decay, h.weight_decay);
            set(momentum, h.momentum);
            *centered |= h.centered;
        }
        C::Adadelta { rho, eps, weight_decay, .. } => {
            set(rho, h.rho);
            set(eps, h.eps);
            set(weight_decay, h.weight_decay);
        }
        C::Adam { betas: b, eps, weight_decay, amsgrad, .. }
        | C::AdamW { betas: b, eps, weight_decay, amsgrad, .. } => {
            betas(b);
            set(eps, h.eps);
            set(weight_decay, h.weight_decay);
            *amsgrad |= h.amsgrad;
        }
        C::Adamax { betas: b, eps, weight_decay, .. } => {
            betas(b);
            set(eps, h.eps);
            set(weight_decay, h.weight_decay);
        }
        C::Nadam { betas: b, eps, weight_decay, momentum_decay, decoupled_weight_decay, .. } => {
            betas(b);
            set(eps, h.eps);
            set(weight_decay, h.weight_decay);
            set(momentum_decay, h.momentum_decay);
            *decoupled_weight_decay |= h.decoupled_weight_decay;
        }
        C::Radam { betas: b, eps, weight_decay, decoupled_weight_decay, .. } => {
            betas(b);
            set(eps, h.eps);
            set(weight_decay, h.weight_decay);
            *decoupled_weight_decay |= h.decoupled_weight_decay;
        }
    }
    match h.lr {
        Some(lr) => c.with_lr(lr),
        None => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_override_torch_defaults_and_estimator_defaults_stay_without_flags() {
        let d = DescentFlags {
            hyper: OptimizerFlags { lr: Some(0.05), momentum: Some(0.8), ..Default::default() },
            ..Default::default()
        };
        let s = optimizer_settings(Some("momentum"), &d, None, &OptimizerSettings::default()).unwrap();
        let expected = OptimizerConfig::Sgd {
            lr: 0.05,
            momentum: 0.8,
            dampening: 0.0,
            weight_decay: 0.0,
            nesterov: false,
        };
        assert_eq!(s.optimizer, expected);
        let default = OptimizerSettings::new(OptimizerConfig::default().with_lr(0.01));
        let s = optimizer_settings(None, &DescentFlags::default(), None, &default).unwrap();
        assert_eq!(s.optimizer.lr(), 0.01);
    }

    #[test]
    fn flags_for_other_optimizers_and_lbfgs_are_refused_by_name() {
        let d = DescentFlags {
            hyper: OptimizerFlags { momentum: Some(0.9), ..Default::default() },
            ..Default::default()
        };
        let e = optimizer_settings(Some("adam"), &d, None, &OptimizerSettings::default()).unwrap_err();
        assert!(e.to_string().starts_with("--momentum does not apply to adam"), "{e}");
        assert!(parse_kind("lbfgs").unwrap_err().to_string().contains("first-order"));
        assert!(parse_kind("adma").unwrap_err().to_string().contains("unknown optimizer `adma`"));
    }
}
