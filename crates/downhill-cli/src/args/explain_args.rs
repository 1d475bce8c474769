//! `downhill explain`: a model file, data to explain, and the attribution method with its options
//! (their help, defaults and ranges read from downhill-learn's `attribution::ATTRIBUTION_OPTIONS`).
use super::{table_help, ReportFormat};
use clap::Args;
use downhill_learn::attribution::ATTRIBUTION_OPTIONS;
use std::path::PathBuf;

#[derive(Clone, Debug, Args)]
pub struct ExplainArgs {
    /// Model file written by `downhill train` (a table model).
    #[arg(value_name = "MODEL")]
    pub model: PathBuf,
    /// Rows to explain, with the model's feature columns (a target column, if present, is ignored).
    #[arg(value_name = "DATA")]
    pub data: PathBuf,
    #[arg(long, value_name = "NAME", help = table_help(ATTRIBUTION_OPTIONS, "method"))]
    pub method: Option<String>,
    #[arg(long, value_name = "N", help = table_help(ATTRIBUTION_OPTIONS, "steps"))]
    pub steps: Option<usize>,
    #[arg(long, value_name = "zeros|mean", help = table_help(ATTRIBUTION_OPTIONS, "baseline"))]
    pub baseline: Option<String>,
    #[arg(long, value_name = "N", help = table_help(ATTRIBUTION_OPTIONS, "samples"))]
    pub samples: Option<usize>,
    #[arg(long, value_name = "X", allow_hyphen_values = true, help = table_help(ATTRIBUTION_OPTIONS, "stdevs"))]
    pub stdevs: Option<f64>,
    #[arg(long, value_name = "S", help = table_help(ATTRIBUTION_OPTIONS, "seed"))]
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
