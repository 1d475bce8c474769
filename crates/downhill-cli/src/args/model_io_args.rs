//! `downhill predict`, `evaluate` and `inspect`: a model file, and data to apply it to.
use clap::{Args, ValueEnum};
use std::path::PathBuf;

#[derive(Clone, Debug, Args)]
pub struct PredictArgs {
    /// Model file written by `downhill train`.
    #[arg(value_name = "MODEL")]
    pub model: PathBuf,
    /// Data with the model's feature columns (a target column, if present, is ignored).
    #[arg(value_name = "DATA")]
    pub data: PathBuf,
    /// Write the predictions here as CSV (atomically) instead of to stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Add one probability column per class (classifiers that give probabilities).
    #[arg(long)]
    pub proba: bool,
}

#[derive(Clone, Debug, Args)]
pub struct EvaluateArgs {
    /// Model file written by `downhill train`.
    #[arg(value_name = "MODEL")]
    pub model: PathBuf,
    /// Data with the model's feature columns and its target column; for a language model, a .txt
    /// file (nats and bits per character; a character outside the model's vocabulary is an error
    /// naming it).
    #[arg(value_name = "DATA")]
    pub data: PathBuf,
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
}

#[derive(Clone, Debug, Args)]
pub struct InspectArgs {
    /// Model file written by `downhill train`.
    #[arg(value_name = "MODEL")]
    pub model: PathBuf,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Aligned lines, and a confusion matrix for classifiers.
    Text,
    /// One JSON object: accuracy, f1_macro, log_loss, mse, rmse, mae, r2 as applicable.
    Json,
}
