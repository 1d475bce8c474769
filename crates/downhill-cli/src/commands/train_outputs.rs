//! What `downhill train` writes, and the checks before any time is spent: every output path must
//! be writable (and a picture's extension known) before training starts; after it, the model, the
//! per-epoch CSV and the pictures are each written atomically. A diverged run's model goes beside
//! `--out` under a name that says so, never into `--out`.
use crate::args::TrainArgs;
use crate::error::CliError;
use crate::files::{check_apart, check_writable, file_name, write_atomic};
use crate::saved::model_info;
use crate::train::{self, Dataset, Recipe, Trained};
use crate::{output, plot};
use downhill_learn::metrics::Report;
use downhill_learn::{save_model, History};
use downhill_plot::ImageGrid;
use std::path::{Path, PathBuf};

/// `model.safetensors` → `model.diverged.safetensors`, beside it.
pub(super) fn diverged_path(out: &Path) -> PathBuf {
    let stem = out.file_stem().map_or_else(|| "model".into(), |s| s.to_string_lossy().into_owned());
    let ext = out.extension().map_or_else(String::new, |e| format!(".{}", e.to_string_lossy()));
    out.with_file_name(format!("{stem}.diverged{ext}"))
}

/// Writes the model, then the epoch CSV and the plot if asked; returns what was written.
pub(super) fn write_outputs(
    args: &TrainArgs,
    data: &Dataset,
    recipe: &Recipe,
    trained: &Trained,
    test: Option<&Report>,
    samples: Option<ImageGrid>,
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
    written.extend(write_health(args, &trained.history, || train::describe_run(&trained.model, recipe))?);
    if let (Some(path), Some(grid)) = (&args.sample_grid, samples) {
        plot::save(path, plot::format_for("--sample-grid", path)?, &grid)?;
        written.push(path.display().to_string());
    }
    Ok(written)
}

/// `--health FILE`, if given: the health monitor's picture of `history`, titled with what
/// `describe` says was trained; returns the path written.
pub fn write_health(
    args: &TrainArgs,
    history: &History,
    describe: impl FnOnce() -> String,
) -> Result<Option<String>, CliError> {
    let Some(path) = &args.health else { return Ok(None) };
    let picture = train::health_report(history, format!("health · {}", describe()));
    plot::save(path, plot::format_for("--health", path)?, &picture)?;
    Ok(Some(path.display().to_string()))
}

/// Every output path must be writable before any time is spent; returns the checkpoint policy.
pub fn check_outputs(args: &TrainArgs) -> Result<Option<(usize, PathBuf)>, CliError> {
    check_writable("--out", &args.out)?;
    if let Some(p) = &args.metrics {
        check_writable("--metrics", p)?;
    }
    if let Some(p) = &args.plot {
        plot::format_of(p)?;
        check_writable("--plot", p)?;
    }
    if let Some(p) = &args.health {
        plot::format_for("--health", p)?;
        check_writable("--health", p)?;
    }
    if let Some(p) = &args.sample_grid {
        if !args.model.model.is_some_and(|m| m.0 == downhill_learn::ModelFamily::Gan) {
            return Err(CliError::Usage(
                "--sample-grid draws a GAN's samples while it trains (--model gan); draw a trained \
                 VAE's with `downhill generate MODEL --plot FILE`"
                    .into(),
            ));
        }
        if args.sample_every == Some(0) {
            return Err(CliError::invalid("--sample-every", 0, "integers >= 1"));
        }
        plot::format_for("--sample-grid", p)?;
        check_writable("--sample-grid", p)?;
    }
    check_apart(&written(args), &read(args))?;
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
    let mut outputs = written(args);
    outputs.push(("--checkpoint", Some(&path)));
    // A run may resume from its checkpoint and write it again.
    check_apart(&outputs, &read(args)[..3])?;
    Ok(Some((every, path)))
}

/// The files a run writes, by flag (the checkpoint aside); `None`: not given.
fn written(args: &TrainArgs) -> Vec<(&'static str, Option<&Path>)> {
    vec![
        ("--out", Some(args.out.as_path())),
        ("--metrics", args.metrics.as_deref()),
        ("--plot", args.plot.as_deref()),
        ("--health", args.health.as_deref()),
        ("--sample-grid", args.sample_grid.as_deref()),
    ]
}

/// The files a run reads, by flag, `--resume` last; `None`: not given.
fn read(args: &TrainArgs) -> [(&'static str, Option<&Path>); 4] {
    [
        ("DATA", args.data.data.as_deref()),
        ("--init-from", args.init_from.as_deref()),
        ("--arch", args.model.arch.as_deref()),
        ("--resume", args.resume.as_deref()),
    ]
}

/// `model.safetensors` → `model.ckpt.safetensors`, beside it.
fn default_checkpoint(out: &Path) -> PathBuf {
    let stem = out.file_stem().map_or_else(|| "model".into(), |s| s.to_string_lossy().into_owned());
    out.with_file_name(format!("{stem}.ckpt.safetensors"))
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
