//! `downhill train`: check the outputs can be written, prepare the data, configure the estimator,
//! train (progress on stderr, Ctrl-C stops after the batch), evaluate on the test rows, then write
//! the model, the per-epoch CSV and the curves (each atomically) and print the summary.
use crate::args::TrainArgs;
use crate::error::CliError;
use crate::files::{check_writable, write_atomic};
use crate::saved::model_info;
use crate::train::{self, Dataset, Recipe, Reporter, Trained};
use crate::{output, plot};
use downhill_learn::metrics::Report;
use downhill_learn::{save_model, CheckpointPolicy, Hooks, LearnError, Tensor};
use std::path::{Path, PathBuf};
use std::time::Instant;

pub fn run(args: TrainArgs) -> Result<(), CliError> {
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
    let checkpoint = check_outputs(&args)?;
    let data = train::prepare(&args.data, "train")?;
    data.warnings.iter().for_each(|w| eprintln!("warning: {w}"));
    let family = train::choose_model(&args.model, data.task, data.prep.target().column())?;
    let mut recipe: Recipe = train::model_spec(&args.model, family, data.task, data.sample_shape.as_deref())?;
    *recipe.train_config_mut() = train::train_config(&args, recipe.train_config().clone())?;
    let started = Instant::now();
    let trained = train_reporting(&args, &data, &recipe, checkpoint)?;
    let seconds = started.elapsed().as_secs_f64();
    trained.history.warnings.iter().for_each(|w| eprintln!("warning: {w}"));
    let test = match &data.test {
        Some(t) => {
            let y = targets(t.y.as_ref(), "test rows")?;
            Some((trained.model.evaluate(&t.x, y).map_err(test_error)?, t.n_rows()))
        }
        None => None,
    };
    let written = write_outputs(&args, &data, &recipe, &trained, test.as_ref().map(|t| &t.0))?;
    if !args.quiet {
        let test = test.as_ref().map(|(r, n)| (r, *n));
        print!("{}", train::summary(&trained.history, test, seconds, &written));
    }
    Ok(())
}

/// Trains with the progress reporter, the Ctrl-C stop flag and the checkpoint hooks.
fn train_reporting(
    args: &TrainArgs,
    data: &Dataset,
    recipe: &Recipe,
    checkpoint: Option<(usize, PathBuf)>,
) -> Result<Trained, CliError> {
    let y = targets(data.train.y.as_ref(), "training rows")?;
    let metric = if data.task == downhill_data::Task::Regression { "r2" } else { "accuracy" };
    let mut reporter = Reporter::new(args.quiet, metric);
    let hooks = Hooks {
        progress: Some(&mut reporter),
        stop: Some(train::stop_flag()),
        checkpoint: checkpoint.map(|(every, path)| CheckpointPolicy { every, path }),
        resume: args.resume.clone(),
    };
    let trained = train::fit(recipe, &data.train.x, y, hooks);
    reporter.finish();
    trained
}

/// Writes the model, then the epoch CSV and the plot if asked; returns what was written.
fn write_outputs(
    args: &TrainArgs,
    data: &Dataset,
    recipe: &Recipe,
    trained: &Trained,
    test: Option<&Report>,
) -> Result<Vec<String>, CliError> {
    save_model(&args.out, &trained.model, &model_info(data, trained, test)?)?;
    let mut written = vec![args.out.display().to_string()];
    if let Some(path) = &args.metrics {
        write_atomic(path, output::epochs_csv(&trained.history).as_bytes())?;
        written.push(path.display().to_string());
    }
    if let Some(path) = &args.plot {
        let title = format!("{} · {}", train::describe_run(&trained.model, recipe), file_name(&data.path));
        plot::save(path, plot::format_of(path)?, &train::training_curves(&trained.history, title))?;
        written.push(path.display().to_string());
    }
    Ok(written)
}

fn targets<'a>(y: Option<&'a Tensor>, rows: &str) -> Result<&'a Tensor, CliError> {
    y.ok_or_else(|| CliError::Usage(format!("the {rows} have no target values")))
}

/// Every output path must be writable before any time is spent; returns the checkpoint policy.
fn check_outputs(args: &TrainArgs) -> Result<Option<(usize, PathBuf)>, CliError> {
    check_writable("--out", &args.out)?;
    if let Some(p) = &args.metrics {
        check_writable("--metrics", p)?;
    }
    if let Some(p) = &args.plot {
        plot::format_of(p)?;
        check_writable("--plot", p)?;
    }
    if let Some(p) = args.resume.as_ref().filter(|p| !p.is_file()) {
        return Err(CliError::Usage(format!(
            "--resume {}: no such file; give a checkpoint written by train --checkpoint-every",
            p.display()
        )));
    }
    let Some(every) = args.checkpoint_every else { return Ok(None) };
    if every == 0 {
        return Err(CliError::invalid("--checkpoint-every", 0, "integers >= 1"));
    }
    let path = args.checkpoint.clone().unwrap_or_else(|| default_checkpoint(&args.out));
    check_writable("--checkpoint", &path)?;
    Ok(Some((every, path)))
}

/// `model.safetensors` → `model.ckpt.safetensors`, beside it.
fn default_checkpoint(out: &Path) -> PathBuf {
    let stem = out.file_stem().map_or_else(|| "model".into(), |s| s.to_string_lossy().into_owned());
    out.with_file_name(format!("{stem}.ckpt.safetensors"))
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// Test rows are checked like training rows; say which rows a problem is in.
fn test_error(e: LearnError) -> CliError {
    CliError::Usage(format!("test rows: {}", CliError::from(e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checkpoint_sits_beside_the_model() {
        assert_eq!(
            default_checkpoint(Path::new("out/m.safetensors")),
            PathBuf::from("out/m.ckpt.safetensors")
        );
    }
}
