//! `--tensorboard DIR`: which directory each run logs to and what its log is told (its
//! hyperparameters, the metric's name, whether it validates, the histogram epochs). What is
//! written and how is downhill-learn's `tensorboard`; this only wires it.
//! A single run (`train`) is DIR itself, with its own hparams experiment. A set of runs (`compare`,
//! `tune`, `train --restarts`) is one subdirectory of DIR per run, named after the run, with the
//! experiment over all of them in DIR, so TensorBoard overlays their curves and tabulates them.
use crate::args::TensorBoardFlags;
use crate::error::CliError;
use downhill_learn::tensorboard::{self as tb, Experiment, HParams, Histograms, RunLog, TrainingLog};
use downhill_learn::{Observers, Progress};
use std::path::{Path, PathBuf};

/// Where a run logs.
#[derive(Clone, Debug)]
pub struct Board {
    pub dir: PathBuf,
    pub experiment: Experiment,
    pub histograms: Histograms,
}

/// The board of --tensorboard DIR, if given, once DIR is known to be writable (made if missing).
pub fn board(flags: &TensorBoardFlags) -> Result<Option<Board>, CliError> {
    let Some(dir) = &flags.tensorboard else { return Ok(None) };
    tb::check_dir(dir)?;
    let histograms = Histograms::every(flags.tensorboard_histograms);
    Ok(Some(Board { dir: dir.clone(), experiment: Experiment::ThisRun, histograms }))
}

impl Board {
    /// The board of the run called `name` in a subdirectory (whose experiment is in this one).
    pub fn run(&self, name: &str) -> Board {
        Board { dir: self.dir.join(run_dir(name)), experiment: Experiment::Parent, ..self.clone() }
    }

    /// Starts the log of a run with `hparams`, validating or not, whose validation metric is
    /// `metric` (`None`: it has none).
    pub fn open(
        &self,
        hparams: HParams,
        metric: Option<&str>,
        validation: bool,
    ) -> Result<TrainingLog, CliError> {
        let run = RunLog {
            hparams,
            metric: metric.map(String::from),
            validation,
            histograms: self.histograms,
            experiment: self.experiment,
        };
        Ok(TrainingLog::create(&self.dir, &run)?)
    }

    /// The experiment over the runs in the subdirectories, with `runs`' hyperparameters.
    pub fn experiment(&self, runs: &[HParams], metric: &str, validation: bool) -> Result<(), CliError> {
        let runs: Vec<&HParams> = runs.iter().collect();
        tb::write_experiment(&self.dir, &runs, &tb::metric_tags(Some(metric), validation))?;
        Ok(())
    }
}

/// The name of the validation metric of `task`'s estimators: `r2` or `accuracy`.
pub fn metric_name(task: downhill_data::Task) -> &'static str {
    match task {
        downhill_data::Task::Regression => "r2",
        downhill_data::Task::Classification { .. } => "accuracy",
    }
}

/// `progress` and the run's log, if any, as one observer.
pub fn observers<'a>(progress: &'a mut dyn Progress, log: &'a mut Option<TrainingLog>) -> Observers<'a> {
    let mut all = vec![progress];
    all.extend(log.as_mut().map(|l| l as &mut dyn Progress));
    Observers(all)
}

/// Ends a run's log as the run ended; the event file written.
pub fn finish(
    log: Option<TrainingLog>,
    history: &downhill_learn::History,
) -> Result<Option<PathBuf>, CliError> {
    log.map(|l| l.finish(history.stop.as_ref())).transpose().map_err(CliError::from)
}

/// A run's label as a directory name: letters, digits, `.` and `-` kept, every other run of
/// characters one `_`, no `_` or `.` at either end (`adam lr 0.01 · batch 32` →
/// `adam_lr_0.01_batch_32`; never `..`).
pub fn run_dir(label: &str) -> PathBuf {
    let mut out = String::new();
    for c in label.chars() {
        match c.is_ascii_alphanumeric() || c == '.' || c == '-' {
            true => out.push(c),
            false if !out.ends_with('_') => out.push('_'),
            false => {}
        }
    }
    let name = out.trim_matches(|c| c == '_' || c == '.');
    Path::new(if name.is_empty() { "run" } else { name }).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_labels_become_plain_directory_names() {
        assert_eq!(run_dir("adam lr 0.01 · batch 32"), PathBuf::from("adam_lr_0.01_batch_32"));
        assert_eq!(
            run_dir("trial 3: lr=0.1, hidden=\"64,32\""),
            PathBuf::from("trial_3_lr_0.1_hidden_64_32")
        );
        assert_eq!((run_dir("../.."), run_dir("··")), (PathBuf::from("run"), PathBuf::from("run")));
    }
}
