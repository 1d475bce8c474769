//! From `--optimizer` and the descent flags shared with `optimize` to the training loop's
//! `OptimizerSettings`. Flags are checked by `optimize`'s rules (range, and that the flag applies
//! to the chosen optimizer) and applied by the same function (`with_optimizer_wrappers`, which also reads the Lookahead flags); unset ones
//! keep torch's defaults (`OptimizerConfig::from_kind`). Without `--optimizer` and `--lr` the
//! estimator's own default is kept (`EstimatorSpec::default_descents`).
use super::schedule::lr_plan;
use crate::args::DescentFlags;
use crate::error::CliError;
use crate::optimize::{check_cycled_momentum, validate_optimizer_flags};
use crate::optimize::{clip_from_flags, optimizer_defaults, with_optimizer_wrappers};
use downhill_learn::{OptimizerSettings, SchedulePer};
use downhill_optim::OptimizerKind;

/// The settings for `--optimizer name` (or the estimator's `default`) with the descent flags applied.
pub fn optimizer_settings(
    name: Option<&str>,
    d: &DescentFlags,
    per: Option<SchedulePer>,
    default: &OptimizerSettings,
) -> Result<OptimizerSettings, CliError> {
    let kind = match name {
        Some(n) => parse_kind(n)?,
        None => OptimizerKind::Adam,
    };
    validate_optimizer_flags(&d.hyper, &[kind])?;
    refuse_maximize(&d.hyper)?;
    // The same flags -> config function as `downhill optimize`.
    let (mut optimizer, lookahead) = match (name, d.hyper.lr()) {
        (None, None) => with_optimizer_wrappers(default.optimizer.clone(), &d.hyper)?,
        _ => with_optimizer_wrappers(optimizer_defaults(kind)?, &d.hyper)?,
    };
    let plan = lr_plan(&d.schedule, d.hyper.lr().is_some(), optimizer.lr())?;
    check_cycled_momentum(&d.schedule, kind)?;
    if let Some(lr) = plan.base_lr {
        optimizer = optimizer.with_lr(lr);
    }
    let clip = clip_from_flags(d)?;
    let schedule_per = per.unwrap_or_default();
    let plateau = plan.plateau;
    Ok(OptimizerSettings {
        optimizer,
        schedule: plan.schedule,
        schedule_per,
        clip,
        plateau,
        lookahead,
        ema: None,
        swa: None,
    })
}

/// Training always minimises: `--maximize` is `optimize`'s.
pub fn refuse_maximize(h: &crate::args::OptimizerFlags) -> Result<(), CliError> {
    if !h.has("maximize") {
        return Ok(());
    }
    let applies_to = "downhill optimize (training always minimises the loss)".into();
    Err(CliError::NotApplicable { flag: "--maximize", chosen: "downhill train".into(), applies_to })
}

/// `NAME` as an optimizer the training loop can use; the message lists the names.
pub fn parse_kind(name: &str) -> Result<OptimizerKind, CliError> {
    let accepted = || OptimizerKind::chain_names().join(", ");
    match name.parse::<OptimizerKind>() {
        Ok(OptimizerKind::Lbfgs) => Err(CliError::NotApplicable {
            flag: "--optimizer lbfgs",
            chosen: "a command that steps by batches or episodes".into(),
            applies_to: format!("downhill train and optimize; here, a first-order optimizer: {}", accepted()),
        }),
        Ok(kind) => Ok(kind),
        Err(_) => Err(CliError::UnknownName {
            flag: "--optimizer",
            message: format!("unknown optimizer `{name}`; accepted: {}", accepted()),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::{OptimizerFlags, ScheduleFlags};
    use downhill_learn::OptimizerConfig;
    use downhill_optim::{OptimizerChoice, ScheduleKind, ScheduleSetting, SgdOptions, Value};

    #[test]
    fn flags_override_torch_defaults_and_estimator_defaults_stay_without_flags() {
        let d = DescentFlags {
            hyper: OptimizerFlags::of(&[("lr", Value::Float(0.05)), ("momentum", Value::Float(0.8))]),
            ..Default::default()
        };
        let s = optimizer_settings(Some("momentum"), &d, None, &OptimizerSettings::default()).unwrap();
        let expected = OptimizerConfig::Sgd(SgdOptions {
            lr: 0.05,
            momentum: 0.8,
            dampening: 0.0,
            weight_decay: 0.0,
            nesterov: false,
        });
        // Exact: the config holds the flags' literal values and torch's defaults, no arithmetic.
        assert_eq!(s.optimizer, expected);
        let default = OptimizerSettings::new(OptimizerConfig::default().with_lr(0.01));
        let s = optimizer_settings(None, &DescentFlags::default(), None, &default).unwrap();
        assert_eq!(s.optimizer.lr(), 0.01); // exact: the literal lr read back
    }

    #[test]
    fn flags_for_other_optimizers_and_lbfgs_are_refused_by_name() {
        let d = DescentFlags {
            hyper: OptimizerFlags::of(&[("momentum", Value::Float(0.9))]),
            ..Default::default()
        };
        let e = optimizer_settings(Some("adam"), &d, None, &OptimizerSettings::default()).unwrap_err();
        assert!(e.to_string().starts_with("--momentum does not apply to adam"), "{e}");
        assert!(parse_kind("lbfgs").unwrap_err().to_string().contains("first-order"));
        assert!(parse_kind("adma").unwrap_err().to_string().contains("unknown optimizer `adma`"));
    }

    #[test]
    fn optimize_and_train_make_the_same_configs_from_the_same_flags() {
        let schedule = ScheduleFlags::of("linear", &[("warmup_steps", Value::Count(3))]);
        let momentum = ("momentum", Value::Float(0.8));
        let eps = ("eps", Value::Float(1e-6));
        // Every optimizer that takes the option and weight decay (given below; sparse_adam, like
        // torch's SparseAdam, has none), from the library's tables.
        let takes = |option: &str| -> Vec<OptimizerKind> {
            let chains = OptimizerKind::all().into_iter().filter(|k| *k != OptimizerKind::Lbfgs);
            let has = |k: &OptimizerKind, name: &str| k.options().iter().any(|o| o.name == name);
            chains.filter(|k| has(k, option) && has(k, "weight_decay")).collect()
        };
        let cases = [(momentum, takes("momentum")), (eps, takes("eps"))];
        assert!(cases.iter().all(|(_, kinds)| kinds.len() >= 4), "the tables lost an option");
        for (hyper, kinds) in cases {
            let hyper = OptimizerFlags::of(&[
                ("lr", Value::Float(0.05)),
                ("weight_decay", Value::Float(0.01)),
                hyper,
            ]);
            let d = DescentFlags { hyper, schedule: schedule.clone(), ..Default::default() };
            for &kind in &kinds {
                let train =
                    optimizer_settings(Some(kind.name()), &d, None, &OptimizerSettings::default()).unwrap();
                // Exact on purpose: both commands must build the same configs from the same literals.
                let race = OptimizerChoice::new(kind).with_given(&d.hyper.given).unwrap();
                let OptimizerChoice::Chain { config, .. } = race else { panic!("{kind} is a chain") };
                assert_eq!(train.optimizer, config, "{kind}");
                assert_eq!(
                    train.schedule,
                    ScheduleSetting::new(ScheduleKind::Linear, &d.schedule.given, 0.05).unwrap().config,
                    "{kind}"
                );
            }
        }
    }
}
