//! `downhill train`: check the outputs can be written, prepare the data, configure the estimator,
//! train (progress on stderr, Ctrl-C stops after the batch), evaluate on the test rows, then write
//! the model, the per-epoch CSV and the curves (each atomically) and print the summary.
//! With `--distributed` (train_distributed.rs) this is one rank: rank 0 alone prints, checkpoints
//! and writes; the other ranks train quietly and write nothing.
use super::train_outputs::{check_outputs, diverged_path, write_outputs};
use crate::args::{TrainArgs, TrainFormat};
use crate::error::CliError;
use crate::train::{self, Board, Dataset, Recipe, Reporter, SampleSnapshots, Trained};
use downhill_learn::attribution::select_features;
use downhill_learn::distributed::DataParallel;
use downhill_learn::metrics::Report;
use downhill_learn::tensorboard::hparams_of;
use downhill_learn::{CheckpointPolicy, Hooks, LearnError, Progress, Tensor};
use downhill_plot::ImageGrid;
use std::path::PathBuf;
use std::time::Instant;

pub fn run(args: TrainArgs) -> Result<(), CliError> {
    super::train_restarts::refuse(&args)?;
    train::refuse_json(&args)?;
    if args.distributed {
        return super::train_distributed::run(args);
    }
    run_as(args, None)
}

/// Trains on this process alone, or as one rank of `parallel`.
pub fn run_as(mut args: TrainArgs, parallel: Option<DataParallel<'_>>) -> Result<(), CliError> {
    let writer = parallel.map_or(0, |p| p.rank()) == 0;
    args.quiet |= !writer;
    if train::wants_layers_help(&args.model) {
        print!("{}", train::layers_help());
        return Ok(());
    }
    if super::train_text::is_text(args.data.data.as_deref()) {
        return super::train_text::run(args);
    }
    if let Some(flag) = args.text.first_given() {
        return Err(CliError::Usage(format!(
            "{flag} applies to a language model, trained on a .txt file; this DATA is a table"
        )));
    }
    if args.stream.stream {
        return super::train_stream::run(args);
    }
    let checkpoint = if writer { check_outputs(&args)? } else { None };
    let board = if writer { train::board(&args.board)? } else { None };
    let data = train::prepare(&args.data, &args.model, "train")?;
    if let Some(p) = parallel {
        p.check_same("data", &super::train_distributed::fingerprint(&data))?;
    }
    if writer {
        data.warnings.iter().for_each(|w| eprintln!("warning: {w}"));
    }
    let mut recipe = train::recipe(&args, &data)?;
    check_selection(&args, &data)?;
    if args.descent.hyper.lr_auto {
        super::lr_find::auto_lr(&mut recipe, &data, args.quiet)?;
    }
    let started = Instant::now();
    let (mut trained, samples, restarts) = match args.restarts {
        1 => train_reporting(&args, &data, &recipe, checkpoint, parallel, board.as_ref())
            .map(|(t, s)| (t, s, None))?,
        _ => super::train_restarts::run(&args, &data, &recipe, board.as_ref())
            .map(|(t, r)| (t, None, Some(r)))?,
    };
    if !writer {
        return Ok(());
    }
    trained.history.warnings.iter().for_each(|w| eprintln!("warning: {w}"));
    let mut test = evaluate_test(&data, &trained)?;
    let (mut data, mut selected) = (data, None);
    if let Some(k) = args.select_features {
        let groups = data.prep.column_widths();
        let selection = select_features(&mut trained.model, &data.train.x, &groups, k)?;
        let all = test.as_ref().map(|(r, _)| r.headline());
        data = Dataset {
            prep: data.prep.keep_columns(&selection.kept),
            train: data.train.keep_inputs(&selection.inputs),
            test: data.test.as_ref().map(|t| t.keep_inputs(&selection.inputs)),
            ..data
        };
        let board = board.as_ref().map(|b| b.run(&format!("top {k} features")));
        trained = train_reporting(&args, &data, &recipe, None, None, board.as_ref())?.0;
        trained.history.warnings.iter().for_each(|w| eprintln!("warning: {w}"));
        test = evaluate_test(&data, &trained)?;
        let top = test.as_ref().map(|(r, _)| r.headline());
        selected = Some(selection_text(&selection.kept, groups.len(), all, top));
    }
    let seconds = started.elapsed().as_secs_f64();
    // A diverged run's last finite parameters are kept under a name that says so, never as --out.
    let diverged = matches!(trained.history.stop, Some(downhill_learn::StopReason::NonFiniteLoss { .. }));
    if diverged {
        args.out = diverged_path(&args.out);
    }
    let mut written = write_outputs(&args, &data, &recipe, &trained, test.as_ref().map(|t| &t.0), samples)?;
    written.extend(board.map(|b| b.dir.display().to_string()));
    let mut notes = Vec::new();
    if let Some(decay) = recipe.train_config().optimizer.ema {
        notes.push(format!(
            "model: the moving average of the weights (decay {decay}), as validated and written"
        ));
    }
    notes.extend(train::swa_line(recipe.train_config(), &trained.history));
    notes.extend(selected.iter().flat_map(|s| s.lines().map(String::from)));
    let test = test.as_ref().map(|(r, n)| (r, *n));
    match args.format {
        TrainFormat::Json => print!(
            "{}",
            train::summary_json(&trained.history, test, seconds, &written, &notes, restarts.as_ref())
        ),
        TrainFormat::Table if !args.quiet => {
            print!("{}", restarts.as_ref().map(super::train_restarts::lines).unwrap_or_default());
            notes.iter().for_each(|n| println!("{n}"));
            print!("{}", train::summary(&trained.history, test, seconds, &written));
        }
        TrainFormat::Table => {}
    }
    match diverged {
        true => Err(CliError::Diverged { kept: args.out }),
        false => Ok(()),
    }
}

/// The test rows' report and their count, when there are test rows.
pub fn evaluate_test(data: &Dataset, trained: &Trained) -> Result<Option<(Report, usize)>, CliError> {
    let Some(t) = &data.test else { return Ok(None) };
    if trained.model.estimator == downhill_learn::EstimatorKind::Generator {
        return Ok(None); // a GAN's generator reads codes, not rows: its samples are what to judge
    }
    let y = targets(t.y.as_ref(), "test rows")?;
    Ok(Some((trained.model.evaluate(&t.x, y).map_err(test_error)?, t.n_rows())))
}

/// --select-features compares on test rows, and ranks columns of a table.
fn check_selection(args: &TrainArgs, data: &Dataset) -> Result<(), CliError> {
    let Some(k) = args.select_features else { return Ok(()) };
    let columns = data.prep.encoders().len();
    if k == 0 || k > columns {
        return Err(CliError::invalid(
            "--select-features",
            k,
            format!("1 to {columns} (the feature columns)"),
        ));
    }
    let problem = if data.test.is_none() {
        "it compares the two models on test rows: give --test-fraction or --test-rows"
    } else if data.sample_shape.is_some() {
        "it ranks the columns of a table, and this data is images"
    } else if args.checkpoint_every.is_some() || args.resume.is_some() {
        "it trains twice, so it cannot checkpoint or resume: drop --checkpoint-every and --resume"
    } else {
        return Ok(());
    };
    Err(CliError::Usage(format!("--select-features {k}: {problem}")))
}

/// Two lines: the kept columns, and the test metric with all columns and with them.
fn selection_text(
    kept: &[String],
    columns: usize,
    all: Option<(&str, f64)>,
    top: Option<(&str, f64)>,
) -> String {
    let mut out = format!(
        "feature selection by integrated gradients: kept {} of {columns} columns: {}\n",
        kept.len(),
        kept.join(", ")
    );
    if let (Some((name, all)), Some((_, top))) = (all, top) {
        out.push_str(&format!("test {name}: all {columns} columns {all:.4}, top {} {top:.4}\n", kept.len()));
    }
    out
}

/// Trains with the progress reporter, the Ctrl-C stop flag, the checkpoint hooks, the other
/// ranks and the TensorBoard log, if any; with --sample-grid, also returns the picture of the
/// generator's snapshots.
pub(super) fn train_reporting(
    args: &TrainArgs,
    data: &Dataset,
    recipe: &Recipe,
    checkpoint: Option<(usize, PathBuf)>,
    distributed: Option<DataParallel<'_>>,
    board: Option<&Board>,
) -> Result<(Trained, Option<ImageGrid>), CliError> {
    let y = targets(data.train.y.as_ref(), "training rows")?;
    let metric = train::metric_name(data.task);
    let mut reporter = Reporter::new(args.quiet, metric);
    let max_epochs = recipe.train_config().stopping.max_epochs;
    let every = args.sample_every.unwrap_or(max_epochs / 10).max(1);
    let mut snapshots = None;
    let progress: &mut dyn Progress = match args.sample_grid {
        Some(_) => {
            snapshots.insert(SampleSnapshots { inner: &mut reporter, every, max_epochs, kept: Vec::new() })
        }
        None => &mut reporter,
    };
    let validation = recipe.train_config().validation_fraction > 0.0;
    let mut log = board.map(|b| b.open(hparams_of(recipe), Some(metric), validation)).transpose()?;
    let mut observers = train::observers(progress, &mut log);
    let hooks = Hooks {
        progress: Some(&mut observers),
        stop: Some(train::stop_flag()),
        checkpoint: checkpoint.map(|(every, path)| CheckpointPolicy { every, path }),
        resume: args.resume.clone(),
        distributed,
        ..Hooks::default()
    };
    let trained = train::fit(recipe, &data.train.x, y, hooks);
    let kept = snapshots.map(|s| s.kept);
    reporter.finish();
    let trained = trained?;
    train::finish_board(log, &trained.history)?;
    let grid = kept.map(|k| train::snapshots_grid(&k, trained.model.estimator.name()));
    Ok((trained, grid))
}

/// The target values of `rows`, which a table for training must have.
pub fn targets<'a>(y: Option<&'a Tensor>, rows: &str) -> Result<&'a Tensor, CliError> {
    y.ok_or_else(|| CliError::Usage(format!("the {rows} have no target values")))
}

/// Test rows are checked like training rows; say which rows a problem is in.
fn test_error(e: LearnError) -> CliError {
    CliError::Usage(format!("test rows: {}", CliError::from(e)))
}
