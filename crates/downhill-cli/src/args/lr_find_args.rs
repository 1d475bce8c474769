//! `downhill lr-find`: train's flags (so a train command line runs with `train` replaced by
//! `lr-find`), the range of the test, and how to print it. What the test is: downhill-learn's
//! `LrRangeTest`.
use super::{ReportFormat, TrainArgs};
use clap::Args;

#[derive(Clone, Debug, Args)]
pub struct LrFindArgs {
    #[command(flatten)]
    pub run: TrainArgs,
    /// The first rate of the range test (default 1e-8, as PyTorch Lightning's `lr_find`).
    #[arg(long, value_name = "LR", default_value_t = 1e-8, help_heading = "Range test")]
    pub start_lr: f64,
    /// The last rate (default 1).
    #[arg(long, value_name = "LR", default_value_t = 1.0, help_heading = "Range test")]
    pub end_lr: f64,
    /// Steps, one per batch, the rate growing exponentially (default: one pass over the training
    /// rows, at least 100).
    #[arg(long, value_name = "N", help_heading = "Range test")]
    pub range_steps: Option<usize>,
    /// The result as aligned text or one JSON object with every step.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text, help_heading = "Range test")]
    pub format: ReportFormat,
}
