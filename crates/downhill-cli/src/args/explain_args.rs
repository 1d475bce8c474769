//! `downhill explain`: a model file, data to explain, and the attribution method with its options
//! (their meaning, defaults and ranges are downhill-learn's `attribution::ATTRIBUTION_OPTIONS`).
use super::ReportFormat;
use clap::Args;
use std::path::PathBuf;

#[derive(Clone, Debug, Args)]
pub struct ExplainArgs {
    /// Model file written by `downhill train` (a table model).
    #[arg(value_name = "MODEL")]
    pub model: PathBuf,
    /// Rows to explain, with the model's feature columns (a target column, if present, is ignored).
    #[arg(value_name = "DATA")]
    pub data: PathBuf,
    /// saliency, input-x-gradient, integrated-gradients or smoothgrad (captum's definitions;
    /// default integrated-gradients). Attributions are taken on the model's inputs after its stored
    /// preprocessing and summed back to each original column (a one-hot group to its column).
    /// Saliency and smoothgrad measure sensitivity whatever the input's value, so a one-hot group
    /// adds up its inputs' sensitivities; input-x-gradient and integrated gradients weigh by it.
    #[arg(long, value_name = "NAME")]
    pub method: Option<String>,
    /// Integrated gradients: Gauss-Legendre nodes on the path from the baseline (>= 1; default 50).
    #[arg(long, value_name = "N")]
    pub steps: Option<usize>,
    /// Integrated gradients: the reference input, zeros (for standardised columns: the training
    /// mean) or mean (of the explained rows); default zeros.
    #[arg(long, value_name = "zeros|mean")]
    pub baseline: Option<String>,
    /// Smoothgrad: noisy copies of each row (>= 1; default 5).
    #[arg(long, value_name = "N")]
    pub samples: Option<usize>,
    /// Smoothgrad: standard deviation of the noise in the model's input units (> 0; default 1.0).
    #[arg(long, value_name = "X", allow_hyphen_values = true)]
    pub stdevs: Option<f64>,
    /// Smoothgrad: seed of the noise.
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// Explain this class's score (a class name of the model); default each row's predicted class.
    #[arg(long, value_name = "CLASS")]
    pub target: Option<String>,
    /// Write the per-row attributions here as CSV (atomically): row, class, one column per feature.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Draw the ranked importance as a bar chart to FILE (.png or .svg); for image data, the first
    /// 16 rows above their attribution heatmaps instead.
    #[arg(long, value_name = "FILE")]
    pub plot: Option<PathBuf>,
    /// Global importance (mean |attribution| per column, most important first) as aligned text or
    /// one JSON object.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
}
