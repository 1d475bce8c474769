//! `downhill anomaly`: a model file, rows to score, the score and how to evaluate or flag them
//! (the scores' meaning is downhill-learn's `AnomalyScore`).
use super::{table_help, ReportFormat};
use clap::Args;
use downhill_learn::ANOMALY_OPTIONS;
use std::path::PathBuf;

#[derive(Clone, Debug, Args)]
pub struct AnomalyArgs {
    /// Model file written by `downhill train`.
    #[arg(value_name = "MODEL")]
    pub model: PathBuf,
    /// Rows to score, with the model's feature columns.
    #[arg(value_name = "DATA")]
    pub data: PathBuf,
    #[arg(long, value_name = "NAME", help = table_help(ANOMALY_OPTIONS, "score"))]
    pub score: Option<String>,
    /// Evaluate against this column of DATA: rows whose value is not --normal are anomalies.
    #[arg(long, value_name = "COL", requires = "normal")]
    pub label: Option<String>,
    /// The --label value of normal rows.
    #[arg(long, value_name = "VALUE", requires = "label")]
    pub normal: Option<String>,
    #[arg(long, value_name = "F", help = table_help(ANOMALY_OPTIONS, "contamination"))]
    pub contamination: Option<f64>,
    /// Write one row per data row here as CSV (atomically): row, score (and flagged, label).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Draw the ROC curve (with --label) to FILE (.png or .svg).
    #[arg(long, value_name = "FILE", requires = "label")]
    pub plot: Option<PathBuf>,
    /// The summary as aligned text or one JSON object.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
}
