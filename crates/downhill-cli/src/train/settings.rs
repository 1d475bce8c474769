//! From `train`'s flags to the `TrainConfig` the estimator runs with, starting from the chosen
//! estimator's defaults (scikit-learn's choices, see downhill-learn) and overriding what was given:
//!   --batch-size, --epochs, --tol/--n-iter-no-change, --grad-tol, --early-stopping/--patience,
//!   --validation-fraction (0.1 by default with --early-stopping or --schedule plateau), --time-limit,
//!   the penalty (--l1 | --l2 | --elastic-net/--l1-ratio), --seed, and the descent flags.
//! `--patience` is one flag for both rules that wait: early stopping and plateau.
use super::optimizer::optimizer_settings;
use crate::args::{swa_flag_set, ModelFlags, MonitorArg, StoppingFlags, SwaFlags, TrainArgs};
use crate::error::CliError;
use crate::optimize::{checks, is_plateau};
use downhill_learn::{
    BatchSize, EarlyStopping, Monitor, OptimizerSettings, Penalty, Solver, StoppingRules, SwaOptions,
    Tolerance, TrainConfig,
};
use downhill_optim::{Described, Value};

/// The validated configuration for `args`, on top of the estimator's `default`.
pub fn train_config(args: &TrainArgs, default: TrainConfig) -> Result<TrainConfig, CliError> {
    let s = &args.stopping;
    let plateau = args.descent.schedule.schedule.as_deref().is_some_and(is_plateau);
    let mut descent = args.descent.clone();
    let patience = match args.descent.schedule.get("patience") {
        Some(Value::Count(n)) => Some(*n),
        _ => None,
    };
    if s.early_stopping && !plateau {
        descent.schedule = descent.schedule.without("patience"); // early stopping's, not the schedule's
    } else if patience.is_some() && !plateau {
        return Err(CliError::NotApplicable {
            flag: "--patience",
            chosen: "a run without --early-stopping or --schedule plateau".into(),
            applies_to: "--early-stopping, --schedule plateau".into(),
        });
    }
    let solver = super::solver::lbfgs(args, &default.solver)?;
    let optimizer = match solver {
        Some(_) => default.optimizer.clone(), // unused: L-BFGS steps
        None => OptimizerSettings {
            ema: args.ema.or(default.optimizer.ema),
            swa: swa_options(&args.swa)?.or(default.optimizer.swa),
            ..optimizer_settings(args.optimizer.as_deref(), &descent, s.schedule_per, &default.optimizer)?
        },
    };
    checks::unit_open("--validation-fraction", s.validation_fraction)?;
    let waits = waits(args);
    let validation_fraction =
        TrainConfig::held_out(s.validation_fraction, waits, default.validation_fraction);
    if waits && validation_fraction == 0.0 {
        let flag = if s.early_stopping { "--early-stopping" } else { "--schedule plateau" };
        return Err(CliError::Usage(format!(
            "{flag} watches the validation loss: give --validation-fraction > 0 (e.g. 0.1)"
        )));
    }
    let watches_validation =
        matches!(s.tol_monitor, Some(MonitorArg::ValidationLoss | MonitorArg::ValidationScore));
    if watches_validation && validation_fraction == 0.0 {
        return Err(CliError::Usage(
            "--tol-monitor watches validation rows: give --validation-fraction > 0 (e.g. 0.1)".into(),
        ));
    }
    let config = TrainConfig {
        optimizer,
        batch_size: batch_size(s.batch_size.as_deref(), default.batch_size)?,
        stopping: stopping(s, patience, default.stopping)?,
        validation_fraction,
        penalty: penalty(&args.model, default.penalty)?,
        seed: args.data.seed,
        split_seed: None,
        init_from: args.init_from.clone(),
        freeze: args.freeze.clone().unwrap_or_default(),
        accumulate: s.accumulate.unwrap_or(default.accumulate),
        solver: solver.unwrap_or(Solver::FirstOrder),
    };
    config.validate()?;
    Ok(config)
}

/// Whether a rule waits on the validation loss: `--early-stopping` or `--schedule plateau`.
pub fn waits(args: &TrainArgs) -> bool {
    args.stopping.early_stopping || args.descent.schedule.schedule.as_deref().is_some_and(is_plateau)
}

/// `--batch-size full|1|N`, or `default`.
pub fn batch_size(text: Option<&str>, default: BatchSize) -> Result<BatchSize, CliError> {
    match text {
        None => Ok(default),
        Some(t) => t.parse().map_err(|_| {
            CliError::invalid("--batch-size", t, "`full`, 1 (stochastic) or a positive number of rows")
        }),
    }
}

fn stopping(
    s: &StoppingFlags,
    patience: Option<u64>,
    default: StoppingRules,
) -> Result<StoppingRules, CliError> {
    let tol = match s.tol.as_deref().map(str::trim) {
        Some("none" | "off") => {
            if s.n_iter_no_change.is_some() {
                return Err(CliError::Usage(
                    "--n-iter-no-change needs --tol to be a number, not none".into(),
                ));
            }
            None
        }
        Some(t) => {
            let tol = t.parse::<f64>().ok().filter(|v| v.is_finite() && *v >= 0.0);
            let tol = tol.ok_or_else(|| CliError::invalid("--tol", t, "finite numbers >= 0, or none"))?;
            let n_iter_no_change = s.n_iter_no_change.unwrap_or(Tolerance::default().n_iter_no_change);
            Some(Tolerance { tol, n_iter_no_change, monitor: None })
        }
        None => match (default.tol, s.n_iter_no_change) {
            (t, Some(n)) => Some(Tolerance { n_iter_no_change: n, ..t.unwrap_or_default() }),
            (t, None) => t,
        },
    };
    let tol = match (tol, s.tol_monitor) {
        (None, Some(_)) => {
            return Err(CliError::Usage("--tol-monitor needs the --tol rule: drop --tol none".into()))
        }
        (Some(t), Some(m)) => Some(Tolerance { monitor: Some(monitor(m)), ..t }),
        (tol, None) => tol,
    };
    let early_stopping = s.early_stopping.then(|| EarlyStopping {
        patience: patience.map_or(EarlyStopping::default().patience, |p| p as usize),
        ..EarlyStopping::default()
    });
    Ok(StoppingRules {
        max_epochs: s.epochs.unwrap_or(default.max_epochs),
        tol,
        grad_tol: s.grad_tol.or(default.grad_tol),
        early_stopping,
        time_limit_secs: s.time_limit,
    })
}

fn monitor(m: MonitorArg) -> Monitor {
    match m {
        MonitorArg::TrainLoss => Monitor::TrainLoss,
        MonitorArg::ValidationLoss => Monitor::ValidationLoss,
        MonitorArg::ValidationScore => Monitor::ValidationScore,
    }
}

/// `--l1 | --l2 | --elastic-net [--l1-ratio]` (clap keeps them exclusive), or `default`.
pub fn penalty(m: &ModelFlags, default: Penalty) -> Result<Penalty, CliError> {
    for (flag, value) in [
        ("--l1", m.l1),
        ("--l2", m.l2),
        ("--elastic-net", m.elastic_net),
        ("--l1-ratio", m.l1_ratio),
        ("--c", m.c),
    ] {
        super::model_choice::option(flag, value)?;
    }
    Ok(match (m.l1, m.l2, m.elastic_net, m.c) {
        (Some(a), ..) => Penalty::L1(a),
        (_, Some(a), ..) => Penalty::L2(a),
        (_, _, Some(alpha), _) => {
            Penalty::ElasticNet { alpha, l1_ratio: m.l1_ratio.unwrap_or(Penalty::DEFAULT_L1_RATIO) }
        }
        (.., Some(c)) => Penalty::C(c),
        _ => default,
    })
}

/// `--swa-start` with its SWALR flags, from the library's table: the other flags mean nothing
/// without it, and `--swa-lr` is required with it, as torch requires `swa_lr`.
fn swa_options(f: &SwaFlags) -> Result<Option<SwaOptions>, CliError> {
    let set = swa_flag_set();
    if !f.on() {
        set.refuse_all(&f.given, "a run without --swa-start")?;
        return Ok(None);
    }
    if let Some(missing) = set.missing(&f.given, "--swa-start", false) {
        return Err(CliError::Missing {
            flag: missing.flag,
            context: "--swa-start (SWALR's rate; torch requires swa_lr)".into(),
        });
    }
    set.check(&f.given, &["--swa-start"])?;
    let options = SwaOptions::from_given(&f.given);
    Ok(Some(options.map_err(|source| CliError::Optim { context: "--swa-start".into(), source })?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_sizes_and_penalties_parse_with_flag_names() {
        assert_eq!(batch_size(Some("full"), BatchSize::Rows(32)).unwrap(), BatchSize::Full);
        assert_eq!(batch_size(None, BatchSize::Rows(32)).unwrap(), BatchSize::Rows(32));
        assert!(batch_size(Some("0"), BatchSize::Full).unwrap_err().to_string().contains("--batch-size"));
        let m = ModelFlags { elastic_net: Some(0.1), ..Default::default() };
        // Exact: alpha is the flag's literal and l1_ratio scikit-learn's default, no arithmetic.
        assert_eq!(penalty(&m, Penalty::None).unwrap(), Penalty::ElasticNet { alpha: 0.1, l1_ratio: 0.15 });
        let m = ModelFlags { l2: Some(-1.0), ..Default::default() };
        assert!(penalty(&m, Penalty::None).unwrap_err().to_string().contains("--l2"));
    }

    #[test]
    fn every_weight_averaging_flag_is_checked_from_the_table() {
        let start = ("swa_start", Value::Count(2));
        let lr = ("swa_lr", Value::Float(0.05));
        let flags = |given: &[(&'static str, Value)]| SwaFlags { given: given.to_vec() };
        let on = swa_options(&flags(&[start.clone(), lr.clone()])).unwrap();
        assert_eq!(on, Some(SwaOptions::new(2, 0.05)));
        assert_eq!(swa_options(&flags(&[])).unwrap(), None);
        // Each flag out of its range is one line naming it and its range; each flag given
        // without --swa-start is refused, naming it.
        for spec in &swa_flag_set().specs {
            let Some(bad) = swa_flag_set().range("--swa-start", spec.name).refused(spec.kind) else {
                continue;
            }; // a name
            let mut given = vec![start.clone(), lr.clone()];
            given.retain(|(n, _)| *n != spec.name);
            given.push((spec.name, bad));
            let e = swa_options(&flags(&given)).unwrap_err().to_string();
            assert!(
                e.contains(spec.flag)
                    && e.contains(&*swa_flag_set().range("--swa-start", spec.name).accepted()),
                "{e}"
            );
            assert!(!e.contains('\n'), "{e}");
            if spec.name != "swa_start" {
                let value = spec.owners[0].default.clone().unwrap();
                let e = swa_options(&flags(&[(spec.name, value)])).unwrap_err().to_string();
                assert!(e.starts_with(&format!("{} does not apply", spec.flag)), "{e}");
            }
        }
        let e = swa_options(&flags(&[start])).unwrap_err().to_string();
        assert!(e.contains("needs --swa-lr"), "{e}");
    }
}
