//! `downhill train DATA --stream`: a CSV file too large for memory. The first pass fits the
//! preprocessing and counts the rows (downhill-data's `fit_stream`), the estimator trains on
//! passes read by a reader thread through a shuffle buffer (downhill-learn's `fit_stream`), the
//! test rows are scored in one more pass, and the model file is the one in-memory training writes.
//! Here: which flags apply, the streaming defaults, the outputs. `--checkpoint-every N` counts
//! optimizer steps here (a pass is often the whole run) and `--resume` continues mid-pass. A bad
//! row met while training ends the run with its file, line and column, and the model trained until then is still written.
use crate::args::TrainArgs;
use crate::error::CliError;
use crate::files::{file_name, write_atomic};
use crate::saved::info_with;
use crate::train::{self, model_spec, train_config, Reporter};
use crate::{output, plot};
use downhill_data::{
    detect_format, fit_stream, Delimiter, FeatureHash, Format, RowSplit, StreamFit, StreamOptions,
};
use downhill_learn::tensorboard::hparams_of;
use downhill_learn::{
    default_shuffle_rows, evaluate_stream, save_model, CheckpointPolicy, Hooks, ModelFamily, StopReason,
    TrainConfig, Trained,
};
use downhill_optim::OptimizerKind;
use std::time::Instant;

pub fn run(args: TrainArgs) -> Result<(), CliError> {
    refuse_flags(&args)?;
    let checkpoint = super::train_outputs::check_outputs(&args)?;
    let board = train::board(&args.board)?;
    let started = Instant::now();
    let fit = fit_stream(&options(&args)?)?;
    if fit.counts.train == 0 {
        return Err(CliError::Usage("the held-out rows leave no training rows; hold out fewer rows".into()));
    }
    let target = fit.preprocessor.target().column();
    let mut recipe = model_spec(&args.model, fit.preprocessor.task(), target, None)?;
    *recipe.train_config_mut() = train_config(&args, recipe.train_config().clone().streaming())?;
    let metric = train::metric_name(fit.preprocessor.task());
    let mut reporter = Reporter::new(args.quiet, metric);
    let validation = fit.counts.validation > 0;
    let mut log =
        board.as_ref().map(|b| b.open(hparams_of(&recipe), Some(metric), validation)).transpose()?;
    let mut observers = train::observers(&mut reporter, &mut log);
    let hooks = Hooks {
        progress: Some(&mut observers),
        stop: Some(train::stop_flag()),
        checkpoint: checkpoint.map(|(every, path)| CheckpointPolicy { every, path }),
        resume: args.resume.clone(),
        ..Hooks::default()
    };
    let features = fit.preprocessor.n_features();
    let shuffle = args.stream.shuffle_buffer.unwrap_or_else(|| default_shuffle_rows(features));
    let trained = recipe.fit_stream(&fit, shuffle, hooks);
    reporter.finish();
    let trained = trained?;
    train::finish_board(log, &trained.history)?;
    let bad = match &trained.history.stop {
        Some(StopReason::BadInput { epoch, batch, message }) => Some((*epoch, *batch, message.clone())),
        _ => None,
    };
    let test = match bad {
        Some(_) => None,
        None => evaluate_stream(&trained.model, &fit)?,
    };
    let test_ref = test.as_ref().map(|(r, n)| (r, *n));
    let mut written = write_outputs(&args, &fit, &recipe, &trained, test_ref)?;
    written.extend(board.map(|b| b.dir.display().to_string()));
    if let Some((epoch, batch, message)) = bad {
        return Err(CliError::Usage(format!(
            "{message}; the model trained until then (epoch {epoch}, {batch} batches) was written to {}",
            args.out.display()
        )));
    }
    if !args.quiet {
        let seconds = started.elapsed().as_secs_f64();
        print!(
            "{}",
            train::summary(&trained.history, test.as_ref().map(|(r, n)| (r, *n)), seconds, &written)
        );
        let passes = trained.history.epochs_run() + 1 + usize::from(test.is_some());
        let rate = (fit.counts.rows * passes) as f64 / seconds;
        let cached = match fit.row_cache_bytes() {
            Some(bytes) => format!(" (later passes read its parsed rows, {:.0} MB)", bytes as f64 / 1e6),
            None => String::new(),
        };
        println!("streamed: {} rows, {passes} passes, {rate:.0} rows/s{cached}", fit.counts.rows);
    }
    Ok(())
}

/// The first pass's settings from the data flags.
fn options(args: &TrainArgs) -> Result<StreamOptions, CliError> {
    let d = &args.data;
    let path =
        d.data.clone().ok_or_else(|| CliError::Usage("downhill train --stream needs a DATA file".into()))?;
    let format = detect_format(&path)?;
    if format == Format::Idx {
        return Err(CliError::Usage(format!(
            "{}: --stream reads CSV and LIBSVM files (gzipped or not); IDX images are not streamed",
            path.display()
        )));
    }
    let target = match (d.target.clone(), format) {
        (Some(t), _) => t,
        (None, Format::Libsvm) => "label".to_owned(),
        (None, _) => {
            let message = format!("{}: --target is required: name the target column", path.display());
            return Err(CliError::Usage(message));
        }
    };
    let test = d.test_rows()?;
    let s = &args.stopping;
    let waits = train::waits(args);
    let validation_fraction = TrainConfig::held_out(s.float("validation_fraction"), waits, 0.0);
    Ok(StreamOptions {
        path,
        format: Some(format),
        feature_hash: d.hash_bits.map(FeatureHash::new).transpose()?,
        target,
        task: d.task_choice(),
        preprocess: train::preprocess_options(d),
        delimiter: Delimiter::Auto,
        categorical: Vec::new(),
        split: RowSplit { seed: d.seed, test, validation_fraction },
        fit_rows: args.stream.fit_rows,
        row_cache: !args.stream.no_row_cache,
    })
}

/// Flags that mean nothing for a streamed file, each refused in one line.
fn refuse_flags(args: &TrainArgs) -> Result<(), CliError> {
    let family = args.model.model.map(|m| m.0);
    let refused = [
        ("--select-features", args.select_features.is_some(), "it trains twice on rows held in memory"),
        ("--lr auto", args.descent.hyper.lr_auto, "the range test trains on rows held in memory"),
        ("--swa-start", args.swa.on(), "its batch-norm update reads the training rows again"),
        (
            "--optimizer lbfgs",
            args.optimizer.as_deref() == Some(OptimizerKind::Lbfgs.name()),
            "L-BFGS takes every row at once",
        ),
        (
            "--batch-size full",
            args.stopping.word("batch_size").is_some(),
            "a full batch is every row at once",
        ),
        (
            "--model autoencoder/vae/gan",
            matches!(family, Some(ModelFamily::Autoencoder | ModelFamily::Vae | ModelFamily::Gan)),
            "only models with a target column stream yet",
        ),
    ];
    match refused.iter().find(|(_, given, _)| *given) {
        Some((flag, _, why)) => {
            Err(CliError::Usage(format!("{flag} does not apply with --stream: {why}; drop it")))
        }
        None => Ok(()),
    }
}

/// The model (with `fit`'s preprocessing and the streamed file's row counts), then the epoch CSV
/// and the curves if asked; returns what was written.
fn write_outputs(
    args: &TrainArgs,
    fit: &StreamFit,
    recipe: &train::Recipe,
    trained: &Trained,
    test: Option<(&downhill_learn::metrics::Report, usize)>,
) -> Result<Vec<String>, CliError> {
    let c = &fit.counts;
    let data = serde_json::json!({
        "file": file_name(&fit.options().path),
        "rows": c.rows,
        "train_rows": c.train,
        "validation_rows": c.validation,
        "test_rows": test.map(|(_, n)| n),
        "target": fit.preprocessor.target().column(),
        "streamed": true,
    });
    save_model(&args.out, &trained.model, &info_with(&fit.preprocessor, data, trained, test)?)?;
    let mut written = vec![args.out.display().to_string()];
    if let Some(path) = &args.metrics {
        write_atomic(path, output::epochs_csv(&trained.history).as_bytes())?;
        written.push(path.display().to_string());
    }
    if let Some(path) = &args.plot {
        let title = format!(
            "{} · {} (streamed)",
            train::describe_run(&trained.model, recipe),
            file_name(&fit.options().path)
        );
        plot::save(path, plot::format_of(path)?, &train::training_curves(&trained.history, title))?;
        written.push(path.display().to_string());
    }
    let describe = || format!("{} (streamed)", train::describe_run(&trained.model, recipe));
    written.extend(super::train_outputs::write_health(args, &trained.history, describe)?);
    Ok(written)
}
