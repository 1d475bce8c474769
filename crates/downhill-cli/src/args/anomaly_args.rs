//! `downhill anomaly`: a model file, rows to score, the score and how to evaluate or flag them
//! (the scores' meaning is downhill-learn's `AnomalyScore`).
use super::ReportFormat;
use clap::Args;
use std::path::PathBuf;

#[derive(Clone, Debug, Args)]
pub struct AnomalyArgs {
    /// Model file written by `downhill train`.
    #[arg(value_name = "MODEL")]
    pub model: PathBuf,
    /// Rows to score, with the model's feature columns.
    #[arg(value_name = "DATA")]
    pub data: PathBuf,
    /// reconstruction (an autoencoder's mean squared error; higher is more anomalous) or
    /// gradient-norm (‖∇θ loss‖: an autoencoder's reconstruction loss, as GradCon, higher is more
    /// anomalous; a softmax classifier's KL divergence to the uniform distribution, as GradNorm,
    /// lower is more anomalous). Default gradient-norm.
    #[arg(long, value_name = "NAME")]
    pub score: Option<String>,
    /// Evaluate against this column of DATA: rows whose value is not --normal are anomalies.
    #[arg(long, value_name = "COL", requires = "normal")]
    pub label: Option<String>,
    /// The --label value of normal rows.
    #[arg(long, value_name = "VALUE", requires = "label")]
    pub normal: Option<String>,
    /// Flag this fraction of rows, the most anomalous, in (0, 1).
    #[arg(long, value_name = "F")]
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
