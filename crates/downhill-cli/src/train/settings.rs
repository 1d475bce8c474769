//! From `train`'s flags to the `TrainConfig` the estimator runs with, starting from the chosen
//! estimator's defaults (scikit-learn's choices, see downhill-learn) and overriding what was given:
//! the batch and stopping flags (applied and checked by the library, `StoppingOptions::resolve`),
//! the penalty (--l1 | --l2 | --elastic-net/--l1-ratio), --seed, and the descent flags.
//! `--patience` is one flag for both rules that wait: early stopping and plateau.
use super::optimizer::optimizer_settings;
use crate::args::{swa_flag_set, ModelFlags, SwaFlags, TrainArgs};
use crate::error::CliError;
use crate::optimize::is_plateau;
use downhill_learn::{
    OptimizerSettings, Penalty, PenaltyOptions, Solver, StoppingSettings, SwaOptions, TrainConfig, Waiting,
};
use downhill_optim::{Described, Value};

/// The validated configuration for `args`, on top of the estimator's `default`.
pub fn train_config(args: &TrainArgs, default: TrainConfig) -> Result<TrainConfig, CliError> {
    let plateau = plateau(args);
    let mut descent = args.descent.clone();
    let patience = match args.descent.schedule.get("patience") {
        Some(Value::Count(n)) => Some(*n as usize),
        _ => None,
    };
    if args.stopping.has("early_stopping") && !plateau {
        descent.schedule = descent.schedule.without("patience"); // early stopping's, not the schedule's
    } else if patience.is_some() && !plateau {
        return Err(CliError::NotApplicable {
            flag: "--patience",
            chosen: "a run without --early-stopping or --schedule plateau".into(),
            applies_to: "--early-stopping, --schedule plateau".into(),
        });
    }
    let solver = super::solver::lbfgs(args, &default.solver)?;
    let stop = StoppingSettings::resolve(&args.stopping.given, &default, Waiting { plateau, patience })?;
    let optimizer = match solver {
        Some(_) => default.optimizer.clone(), // unused: L-BFGS steps
        None => OptimizerSettings {
            ema: args.ema.or(default.optimizer.ema),
            swa: swa_options(&args.swa)?.or(default.optimizer.swa),
            ..optimizer_settings(
                args.optimizer.as_deref(),
                &descent,
                Some(stop.schedule_per),
                &default.optimizer,
            )?
        },
    };
    let config = TrainConfig {
        optimizer,
        batch_size: stop.batch_size,
        stopping: stop.rules,
        validation_fraction: stop.validation_fraction,
        penalty: penalty(&args.model, default.penalty)?,
        seed: args.data.seed,
        split_seed: None,
        init_from: args.init_from.clone(),
        freeze: args.freeze.clone().unwrap_or_default(),
        accumulate: stop.accumulate,
        solver: solver.unwrap_or(Solver::FirstOrder),
    };
    config.validate()?;
    Ok(config)
}

/// Whether a rule waits on the validation loss: `--early-stopping` or `--schedule plateau`.
pub fn waits(args: &TrainArgs) -> bool {
    args.stopping.has("early_stopping") || plateau(args)
}

/// Whether `--schedule plateau` is chosen.
fn plateau(args: &TrainArgs) -> bool {
    args.descent.schedule.schedule.as_deref().is_some_and(is_plateau)
}

/// `--l1 | --l2 | --c | --elastic-net [--l1-ratio]`, or `default`: downhill-learn's rules
/// (`PenaltyOptions::resolve`), said in flag names.
pub fn penalty(m: &ModelFlags, default: Penalty) -> Result<Penalty, CliError> {
    let given =
        PenaltyOptions { l1: m.l1, l2: m.l2, c: m.c, elastic_net: m.elastic_net, l1_ratio: m.l1_ratio };
    Ok(given.resolve(default)?)
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
    use crate::args::{stopping_flag_set, StoppingFlags};

    #[test]
    fn penalties_are_the_librarys_in_flag_names() {
        let m = ModelFlags { elastic_net: Some(0.1), ..Default::default() };
        // Exact: alpha is the flag's literal and l1_ratio scikit-learn's default, no arithmetic.
        assert_eq!(penalty(&m, Penalty::None).unwrap(), Penalty::ElasticNet { alpha: 0.1, l1_ratio: 0.15 });
        let m = ModelFlags { l2: Some(-1.0), ..Default::default() };
        assert_eq!(
            penalty(&m, Penalty::None).unwrap_err().to_string(),
            "invalid value `-1` for --l2; accepted: finite numbers >= 0"
        );
        let m = ModelFlags { l1_ratio: Some(0.5), ..Default::default() };
        assert_eq!(penalty(&m, Penalty::None).unwrap_err().to_string(), "--l1-ratio needs --elastic-net");
    }

    #[test]
    fn every_batch_and_stopping_flag_is_checked_from_the_table() {
        let set = stopping_flag_set();
        let run = |given: Vec<(&'static str, Value)>| {
            let resolved = StoppingSettings::resolve(&given, &TrainConfig::default(), Waiting::default());
            resolved.map_err(|e| CliError::from(e).to_string())
        };
        // Each flag out of its range is one line naming it and its range (the batch size's range
        // is stated by its own rule, which also says what `full` means).
        let mut checked = 0;
        for spec in &set.specs {
            let range = set.range("train", spec.name);
            let Some(bad) = range.refused(spec.kind) else { continue };
            let e = run(vec![(spec.name, bad)]).unwrap_err();
            let accepted = match spec.name {
                "batch_size" => "positive number of rows".into(),
                _ => range.accepted(),
            };
            assert!(e.contains(spec.flag) && e.contains(&*accepted), "{e}");
            assert!(!e.contains('\n'), "{e}");
            checked += 1;
        }
        assert!(checked >= 7, "numeric flags checked: {checked}");
        // Rules across flags are the library's, worded in flags.
        let none = ("tol", Value::Choice("none".into()));
        let e = run(vec![none.clone(), ("n_iter_no_change", Value::Count(3))]).unwrap_err();
        assert_eq!(e, "--n-iter-no-change needs --tol to be a number, not none");
        let e = run(vec![none, ("tol_monitor", Value::Choice("train-loss".into()))]).unwrap_err();
        assert_eq!(e, "--tol-monitor needs the --tol rule: drop --tol none");
        let watch = ("tol_monitor", Value::Choice("validation-loss".into()));
        let e = run(vec![watch]).unwrap_err();
        assert_eq!(e, "--tol-monitor watches validation rows: give --validation-fraction > 0 (e.g. 0.1)");
    }

    #[test]
    fn stopping_flags_parse_words_and_state_the_tables_defaults() {
        use clap::{Args, Command, FromArgMatches};
        let cmd = StoppingFlags::augment_args(Command::new("train"));
        let m = cmd.clone().try_get_matches_from(["train", "--batch-size", "full", "--tol", "none"]).unwrap();
        let flags = StoppingFlags::from_arg_matches(&m).unwrap();
        assert_eq!((flags.word("batch_size"), flags.word("tol")), (Some("full"), Some("none")));
        let m = cmd.clone().try_get_matches_from(["train", "--tol", "0.5", "--epochs", "3"]).unwrap();
        let flags = StoppingFlags::from_arg_matches(&m).unwrap();
        assert_eq!(flags.given, [("epochs", Value::Count(3)), ("tol", Value::Float(0.5))]);
        let e = cmd.clone().try_get_matches_from(["train", "--tol", "fast"]).unwrap_err().to_string();
        assert!(e.contains("--tol") && e.contains("`fast`") && e.contains("none"), "{e}");
        let help = |id: &str| {
            let arg = cmd.get_arguments().find(|a| a.get_id() == id).unwrap();
            arg.get_help().unwrap().to_string()
        };
        let epochs = downhill_learn::StoppingRules::default().max_epochs;
        assert!(help("epochs").contains(&format!("default {epochs}")), "{}", help("epochs"));
        assert!(help("tol").contains("`none`: the rule is off"), "{}", help("tol"));
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
