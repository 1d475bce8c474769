//! The TensorBoard log of one training run, a `Progress` observer writing into its directory as
//! the run goes (flushed after every epoch). Every step is an epoch, counted from 1:
//! ```text
//!   loss/train, loss/validation    `EpochRecord::train_loss`, `val_loss`
//!   <metric>/validation            `val_metric` (accuracy, r2, ...; `metric/validation` unnamed)
//!   learning_rate                  the rate of the epoch's first step
//!   grad_norm/mean_gradient        ‖the epoch's mean gradient‖ (what `grad_tol` reads)
//!   grad_norm/<layer>              mean over the epoch's batches of the layer's ‖g‖
//!   update_ratio/<layer>           mean over the sampled steps of ‖Δw‖/‖w‖
//!   time/epoch_seconds             the epoch's training time
//!   weights/<param>, gradients/<param>   histograms (histogram.rs) of the values and of the
//!                                  epoch's mean gradient, after epoch 1 and every n-th epoch
//! ```
//! and the hparams plugin's summaries (hparams.rs): the session's start before the first epoch (and
//! the experiment, when this run is the whole experiment), its end in `finish`. A write that fails
//! stops the writing; `finish` reports it, since the observer's calls cannot.
use super::histogram::histogram;
use super::hparams::{self, HParams};
use super::hparams_messages::Status;
use super::messages::SummaryValue;
use super::writer::{now, EventWriter, TensorBoardError};
use crate::{EpochRecord, ParamSnapshot, Progress, StopReason};
use std::path::{Path, PathBuf};

/// (name, default, rule, help) of each option of a training log.
pub const TENSORBOARD_OPTIONS: &crate::OptionTable = &[(
    "tensorboard_histograms",
    "5",
    ">= 0; 0: none",
    "histograms of the weights and of the epoch's mean gradients after epoch 1 and every N-th epoch",
)];

/// Which epochs get histograms of the weights and gradients.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Histograms {
    /// Epoch 1 and every n-th (n ≥ 1).
    Every(usize),
    /// No histograms.
    Off,
}

impl Histograms {
    /// Epoch 1 and every 5th when the caller does not say: a picture of how the weights spread
    /// every few epochs over runs of tens to hundreds of epochs, at a small share of an epoch's
    /// time and without filling the file with near-identical pictures.
    pub const DEFAULT_EVERY: usize = 5;

    /// Every `n`-th epoch (default `DEFAULT_EVERY`); 0: none.
    pub fn every(n: Option<usize>) -> Histograms {
        match n.unwrap_or(Histograms::DEFAULT_EVERY) {
            0 => Histograms::Off,
            n => Histograms::Every(n),
        }
    }
}

/// Where the hparams experiment of a run is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Experiment {
    /// In the run's own file: the run is the whole experiment.
    ThisRun,
    /// In the parent directory, over the runs beside this one (`write_experiment`).
    Parent,
}

/// What a run's log is told up front.
#[derive(Clone, Debug, PartialEq)]
pub struct RunLog {
    /// The run's settings by name (`hparams_of`).
    pub hparams: HParams,
    /// The name of `EpochRecord::val_metric`; `None` when the run has none.
    pub metric: Option<String>,
    /// Whether the run validates (so has validation scalars).
    pub validation: bool,
    /// Which epochs get histograms.
    pub histograms: Histograms,
    /// Where the hparams experiment goes.
    pub experiment: Experiment,
}

/// Writes one run's events.
#[derive(Debug)]
pub struct TrainingLog {
    writer: EventWriter,
    metric: String,
    histograms: Histograms,
    error: Option<TensorBoardError>,
}

impl TrainingLog {
    /// Starts the log of a run in `dir` (made if missing): a new event file with the session start.
    pub fn create(dir: &Path, run: &RunLog) -> Result<TrainingLog, TensorBoardError> {
        let mut writer = EventWriter::create(dir)?;
        let mut values = Vec::new();
        if run.experiment == Experiment::ThisRun {
            let metrics = metric_tags(run.metric.as_deref(), run.validation);
            values.push(hparams::experiment(&[&run.hparams], &metrics));
        }
        values.push(hparams::session_start(&run.hparams, now()));
        writer.write(0, values)?;
        writer.flush()?;
        let metric = run.metric.clone().unwrap_or_else(|| "metric".into());
        Ok(TrainingLog { writer, metric, histograms: run.histograms, error: None })
    }

    /// Ends the session as `stop` ended the run (a failure if it diverged or met bad input) and
    /// flushes; the first write that failed, if any.
    pub fn finish(mut self, stop: Option<&StopReason>) -> Result<PathBuf, TensorBoardError> {
        let status = match stop {
            Some(StopReason::NonFiniteLoss { .. } | StopReason::BadInput { .. }) => Status::Failure,
            _ => Status::Success,
        };
        self.keep(|w| w.write(0, vec![hparams::session_end(status, now())]));
        self.keep(EventWriter::flush);
        match self.error {
            Some(e) => Err(e),
            None => Ok(self.writer.path().to_path_buf()),
        }
    }

    /// Runs `write` unless an earlier write failed, keeping its error.
    fn keep(&mut self, write: impl FnOnce(&mut EventWriter) -> Result<(), TensorBoardError>) {
        if self.error.is_none() {
            self.error = write(&mut self.writer).err();
        }
    }
}

/// The scalar tags a run's hparams metrics are: the losses and the validation metric, if any.
pub fn metric_tags(metric: Option<&str>, validation: bool) -> Vec<String> {
    let mut tags = vec!["loss/train".to_string()];
    if validation {
        tags.push("loss/validation".into());
        tags.extend(metric.map(|m| format!("{m}/validation")));
    }
    tags
}

/// Writes the experiment over `runs` (the hparams of the runs in `dir`'s subdirectories) into an
/// event file of `dir` itself.
pub fn write_experiment(
    dir: &Path,
    runs: &[&HParams],
    metrics: &[String],
) -> Result<PathBuf, TensorBoardError> {
    let mut writer = EventWriter::create(dir)?;
    writer.write(0, vec![hparams::experiment(runs, metrics)])?;
    writer.flush()?;
    Ok(writer.path().to_path_buf())
}

impl Progress for TrainingLog {
    fn on_epoch(&mut self, r: &EpochRecord, _max_epochs: usize) {
        let mut values = vec![SummaryValue::scalar("loss/train", r.train_loss as f32)];
        if let Some(v) = r.val_loss {
            values.push(SummaryValue::scalar("loss/validation", v as f32));
        }
        if let Some(m) = r.val_metric {
            values.push(SummaryValue::scalar(&format!("{}/validation", self.metric), m as f32));
        }
        values.push(SummaryValue::scalar("learning_rate", r.lr as f32));
        values.push(SummaryValue::scalar("grad_norm/mean_gradient", r.grad_norm as f32));
        for (layer, norm) in &r.layer_grad_norms {
            values.push(SummaryValue::scalar(&format!("grad_norm/{layer}"), *norm as f32));
        }
        for (layer, ratio) in &r.layer_update_ratios {
            values.push(SummaryValue::scalar(&format!("update_ratio/{layer}"), *ratio as f32));
        }
        values.push(SummaryValue::scalar("time/epoch_seconds", r.seconds as f32));
        let step = r.epoch as i64;
        self.keep(|w| w.write(step, values));
        self.keep(EventWriter::flush);
    }

    fn wants_parameters(&self, epoch: usize) -> bool {
        matches!(self.histograms, Histograms::Every(n) if n > 0 && (epoch == 1 || epoch.is_multiple_of(n)))
    }

    fn on_parameters(&mut self, epoch: usize, params: &[ParamSnapshot<'_>]) {
        let mut values = Vec::new();
        for p in params {
            values.push(SummaryValue::histogram(&format!("weights/{}", p.name), histogram(p.value.data())));
        }
        for p in params {
            values.push(SummaryValue::histogram(&format!("gradients/{}", p.name), histogram(p.grad.data())));
        }
        self.keep(|w| w.write(epoch as i64, values));
        self.keep(EventWriter::flush);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tensorboard::{read_events, PluginContent, What};

    fn log(dir: &Path, histograms: Histograms) -> TrainingLog {
        let run = RunLog {
            hparams: HParams::new(),
            metric: None,
            validation: false,
            histograms,
            experiment: Experiment::Parent,
        };
        TrainingLog::create(dir, &run).unwrap()
    }

    #[test]
    fn histograms_come_after_epoch_1_and_every_nth() {
        let dir = crate::tensorboard::writer::tests::scratch("cadence");
        let (every3, off) = (log(&dir, Histograms::Every(3)), log(&dir, Histograms::Off));
        let epochs: Vec<usize> = (1..=9).filter(|&e| every3.wants_parameters(e)).collect();
        assert_eq!(epochs, [1, 3, 6, 9]);
        assert!(!(1..=9).any(|e| off.wants_parameters(e)));
        std::fs::remove_dir_all(dir).unwrap();
        assert_eq!(Histograms::every(Some(0)), Histograms::Off);
        assert_eq!(Histograms::every(Some(3)), Histograms::Every(3));
        let default = TENSORBOARD_OPTIONS[0].1;
        assert_eq!(Histograms::every(None), Histograms::Every(default.parse().unwrap()));
    }

    #[test]
    fn a_diverged_run_ends_its_session_as_a_failure() {
        let dir = crate::tensorboard::writer::tests::scratch("failure");
        let mut l = log(&dir, Histograms::Off);
        l.on_epoch(&EpochRecord::new(1, f64::NAN), 5);
        let path = l.finish(Some(&StopReason::NonFiniteLoss { epoch: 1, batch: 1, lr: 1.0 })).unwrap();
        let events = read_events(&path).unwrap();
        let Some(What::Summary(s)) = &events.last().unwrap().what else { panic!("no summary last") };
        let Some(PluginContent::SessionEndInfo(end)) = s.value[0].hparams() else { panic!("no session end") };
        assert_eq!(end.status, Status::Failure as i32);
        // A run in a set has no experiment of its own: the first summary is its session start.
        let Some(What::Summary(first)) = &events[1].what else { panic!("no summary first") };
        assert!(matches!(first.value[..], [ref v] if v.tag == hparams::SESSION_START_TAG));
        std::fs::remove_dir_all(dir).unwrap();
    }
}
