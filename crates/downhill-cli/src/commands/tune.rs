//! `downhill tune`: prepare the data once, check every configuration's flags, run the search
//! (downhill-learn's `tune::Search`: the trials of a rung side by side), then write the best
//! model (retrained on the training and validation rows with --refit), the per-trial CSV and the
//! picture, and print the table and the winner with its test metric.
use super::train::{evaluate_test, targets};
use crate::args::{StrategyArg, TrainArgs, TuneArgs};
use crate::error::CliError;
use crate::files::{check_writable, file_name, write_atomic};
use crate::saved::model_info;
use crate::train::{self, Dataset, Recipe, Trained};
use crate::tune::TrialLogs;
use crate::{plot, tune};
use downhill_learn::tensorboard::TrainingLog;
use downhill_learn::tune::{winner, Assignment, Outcome, Record, Search, SearchSpace, Strategy};
use downhill_learn::tune::{DEFAULT_ETA, DEFAULT_GRID_POINTS, DEFAULT_TRIALS, DEFAULT_VALIDATION_FRACTION};
use downhill_learn::{save_model, Hooks, Progress, StopReason};
use std::ffi::OsString;
use std::sync::atomic::Ordering;
use std::time::Instant;

pub fn run(args: TuneArgs) -> Result<(), CliError> {
    let a = &args.run;
    refuse_unused(a)?;
    let text = args
        .space
        .as_deref()
        .ok_or(CliError::Missing { flag: "--space", context: "downhill tune".into() })?;
    let space = SearchSpace::parse(text)?;
    let argv: Vec<OsString> = std::env::args_os().collect();
    tune::check_names(&space, &argv, args.strategy == StrategyArg::Halving)?;
    check_outputs(&args)?;
    let board = train::board(&a.board)?;
    let data = train::prepare(&a.data, &a.model, "tune")?;
    data.warnings.iter().for_each(|w| eprintln!("warning: {w}"));
    let base = train::recipe(a, &data)?;
    let mut fixed: Vec<OsString> = Vec::new();
    if !a.stopping.has("validation_fraction") {
        fixed.extend(["--validation-fraction".into(), DEFAULT_VALIDATION_FRACTION.to_string().into()]);
        // The rows are held out to score the trials on; each trial stops as train would without them.
        if !a.stopping.has("tol_monitor") && base.train_config().stopping.tol.is_some() {
            fixed.extend(["--tol-monitor".into(), "train-loss".into()]);
        }
    }
    let search = Search {
        space,
        strategy: match args.strategy {
            StrategyArg::Random => Strategy::Random,
            StrategyArg::Grid => Strategy::Grid { points: args.grid_points.unwrap_or(DEFAULT_GRID_POINTS) },
            StrategyArg::Halving => Strategy::Halving { eta: args.eta.unwrap_or(DEFAULT_ETA) },
        },
        trials: args.trials.unwrap_or(DEFAULT_TRIALS),
        seed: a.data.seed,
        max_epochs: base.train_config().stopping.max_epochs,
        jobs: args.jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())),
    };
    search.validate()?;
    let configs = search.configurations()?;
    for (id, c) in configs.iter().enumerate() {
        trial_recipe(&argv, c, None, &fixed, &data).map_err(|e| in_trial(id, c, e))?;
    }
    if args.refit {
        let refit =
            trial_recipe(&argv, &configs[0], None, &["--validation-fraction".into(), "0".into()], &data);
        refit.map_err(|e| CliError::Usage(format!("--refit trains without validation rows: {e}")))?;
    }
    let logs = match board {
        Some(b) => Some(TrialLogs::start(
            b,
            &search,
            &configs,
            |c, epochs| trial_recipe(&argv, c, epochs, &fixed, &data),
            data.task,
        )?),
        None => None,
    };
    let started = Instant::now();
    let mut records = run_search(&search, &argv, &fixed, &data, a.quiet, logs.as_ref())?;
    let seconds = started.elapsed().as_secs_f64();
    let metric = records.iter().find_map(|r| r.outcome.payload.as_ref().map(|t| t.history.metric.clone()));
    let metric = metric.unwrap_or_default();
    let k = winner(&records).ok_or_else(|| {
        CliError::Usage(
            "no trial finished: each diverged or was stopped; narrow --space (lower rates)".into(),
        )
    })?;
    let kept = records[k].outcome.payload.take();
    let best = &records[k];
    let trained = match (args.refit, kept) {
        (false, Some(trained)) => trained,
        _ => {
            let refit = ["--validation-fraction".into(), "0".into()];
            let recipe = trial_recipe(&argv, &best.trial.assignment, best.trial.epochs, &refit, &data)?;
            fit(&recipe, &data, None, None)?
        }
    };
    let test = evaluate_test(&data, &trained)?;
    save_model(&a.out, &trained.model, &model_info(&data, &trained, test.as_ref().map(|t| &t.0))?)?;
    let mut written = vec![a.out.display().to_string()];
    if let Some(path) = &args.results {
        write_atomic(path, tune::csv(&records, &search.space, &metric).as_bytes())?;
        written.push(path.display().to_string());
    }
    if let Some(path) = &a.plot {
        let title = format!("{} search · {}", strategy_name(args.strategy), file_name(&data.path));
        plot::save(path, plot::format_of(path)?, &tune::picture(&records, &search.space, &metric, title))?;
        written.push(path.display().to_string());
    }
    if !a.quiet {
        print!("{}", tune::table(&records, &search.space, &metric));
        let epochs: usize = records.iter().map(|r| r.outcome.epochs).sum();
        let full = configs.len() * search.max_epochs;
        println!(
            "best: trial {} ({}): val {metric} {:.4}",
            best.trial.id,
            tune::describe(&best.trial.assignment),
            best.outcome.metric.unwrap_or(f64::NAN)
        );
        if let Some((report, rows)) = &test {
            let (name, value) = report.headline();
            let refit = if args.refit { ", refit on training + validation rows" } else { "" };
            println!("test ({rows} rows{refit}): {name} {value:.4}");
        }
        println!(
            "epochs trained: {epochs} over {} trials of {} configurations; {} full trials could take up to {full} ({:.0} %); {seconds:.1} s",
            records.len(),
            configs.len(),
            configs.len(),
            100.0 * epochs as f64 / full.max(1) as f64
        );
        println!("wrote {}", written.join(", "));
    }
    Ok(())
}

/// Every trial of `search`, each trained as `train` would with its flags (and logging to `logs`);
/// a line per finished trial.
fn run_search(
    search: &Search,
    argv: &[OsString],
    fixed: &[OsString],
    data: &Dataset,
    quiet: bool,
    logs: Option<&TrialLogs>,
) -> Result<Vec<Record<Option<Trained>>>, CliError> {
    let stop = train::stop_flag();
    search.run(|trial| {
        if stop.load(Ordering::SeqCst) {
            return Ok(Outcome { metric: None, epochs: 0, seconds: 0.0, payload: None });
        }
        let recipe = trial_recipe(argv, &trial.assignment, trial.epochs, fixed, data)?;
        let started = Instant::now();
        let mut log = logs.map(|l| l.open(trial, &recipe)).transpose()?;
        let trained = fit(&recipe, data, Some(stop.clone()), log.as_mut())?;
        train::finish_board(log, &trained.history)?;
        let h = &trained.history;
        let failed =
            matches!(h.stop, Some(StopReason::NonFiniteLoss { .. } | StopReason::Interrupted { .. }));
        let metric = h.last().and_then(|r| r.val_metric).filter(|_| !failed);
        let seconds = started.elapsed().as_secs_f64();
        if !quiet {
            let score = metric.map_or("failed".to_string(), |m| format!("{} {m:.4}", h.metric));
            let what = tune::describe(&trial.assignment);
            eprintln!(
                "trial {} rung {} ({} epochs): {what} -> {score}  {seconds:.2} s",
                trial.id,
                trial.rung,
                h.epochs.len()
            );
        }
        Ok(Outcome { metric, epochs: h.epochs.len(), seconds, payload: Some(trained) })
    })
}

/// The recipe of one trial: the command line with the trial's values, its epochs and `fixed`.
fn trial_recipe(
    argv: &[OsString],
    assignment: &Assignment,
    epochs: Option<usize>,
    fixed: &[OsString],
    data: &Dataset,
) -> Result<Recipe, CliError> {
    let mut extra = tune::tokens(assignment)?;
    if let Some(n) = epochs {
        extra.extend(["--epochs".into(), n.to_string().into()]);
    }
    extra.extend(fixed.iter().cloned());
    train::recipe(&tune::trial_args(argv, &extra)?, data)
}

fn fit(
    recipe: &Recipe,
    data: &Dataset,
    stop: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
    log: Option<&mut TrainingLog>,
) -> Result<Trained, CliError> {
    let y = targets(data.train.y.as_ref(), "training rows")?;
    let progress = log.map(|l| l as &mut dyn Progress);
    train::fit(recipe, &data.train.x, y, Hooks { stop, progress, ..Hooks::default() })
}

fn in_trial(id: usize, assignment: &Assignment, e: CliError) -> CliError {
    CliError::Usage(format!("trial {id} ({}): {e}", tune::describe(assignment)))
}

fn strategy_name(s: StrategyArg) -> &'static str {
    match s {
        StrategyArg::Random => "random",
        StrategyArg::Grid => "grid",
        StrategyArg::Halving => "successive-halving",
    }
}

/// Train's flags a search has no use for, refused in one line instead of ignored.
fn refuse_unused(a: &TrainArgs) -> Result<(), CliError> {
    if super::train_text::is_text(a.data.data.as_deref()) {
        return Err(CliError::Usage("tune takes a table; a .txt file trains a language model".into()));
    }
    let given = [
        ("--lr auto", a.descent.hyper.lr_auto),
        ("--metrics", a.metrics.is_some()),
        ("--select-features", a.select_features.is_some()),
        ("--checkpoint-every", a.checkpoint_every.is_some()),
        ("--resume", a.resume.is_some()),
        ("--restarts", a.restarts != 1),
    ];
    match given.into_iter().find_map(|(flag, set)| set.then_some(flag)).or(a.text.first_given()) {
        Some(flag) => Err(CliError::Usage(format!(
            "{flag} does not apply to tune: it trains many configurations and writes the best one; drop {flag}"
        ))),
        None => Ok(()),
    }
}

/// Every output path must be writable before the search starts.
fn check_outputs(args: &TuneArgs) -> Result<(), CliError> {
    check_writable("--out", &args.run.out)?;
    if let Some(p) = &args.results {
        check_writable("--results", p)?;
    }
    if let Some(p) = &args.run.plot {
        plot::format_of(p)?;
        check_writable("--plot", p)?;
    }
    Ok(())
}
