//! `downhill lr-find`: train's flags (so a train command line runs with `train` replaced by
//! `lr-find`), the range of the test, and how to print it. What the test is: downhill-learn's
//! `LrRangeTest`, whose defaults the help reads.
use super::{ReportFormat, TrainArgs};
use clap::Args;
use downhill_learn::LrRangeTest;

#[derive(Clone, Debug, Args)]
pub struct LrFindArgs {
    #[command(flatten)]
    pub run: TrainArgs,
    #[arg(long, value_name = "LR", help_heading = "Range test", help = format!(
        "The first rate of the range test (default {:e}, as PyTorch Lightning's `lr_find`)",
        LrRangeTest::default().start_lr
    ))]
    pub start_lr: Option<f64>,
    #[arg(long, value_name = "LR", help_heading = "Range test",
          help = format!("The last rate (default {})", LrRangeTest::default().end_lr))]
    pub end_lr: Option<f64>,
    #[arg(long, value_name = "N", help_heading = "Range test", help = format!(
        "Steps, one per batch, the rate growing exponentially (default: one pass over the training \
         rows, at least {})",
        LrRangeTest::MIN_DEFAULT_STEPS
    ))]
    pub range_steps: Option<usize>,
    /// The result as aligned text or one JSON object with every step.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text, help_heading = "Range test")]
    pub format: ReportFormat,
}
