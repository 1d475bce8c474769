//! `downhill compare`: one model trained with each optimizer × batch size from the same initial
//! weights; the loss curves in one picture and a table. The comparison's own options read
//! downhill-learn's `comparison::COMPARE_OPTIONS`.
use super::{table_help, DataFlags, ModelFlags, TensorBoardFlags};
use clap::Args;
use downhill_learn::comparison::COMPARE_OPTIONS;
use std::path::PathBuf;

#[derive(Clone, Debug, Args)]
pub struct CompareArgs {
    #[command(flatten)]
    pub data: DataFlags,
    #[command(flatten)]
    pub model: ModelFlags,
    /// Optimizers to compare (required), each optionally with its own rate as NAME:LR
    /// (e.g. `sgd:0.1,momentum:0.05,adam`); unset rates take --lr or torch's default.
    #[arg(long, value_name = "NAME[:LR],...", help_heading = "Comparison")]
    pub optimizers: Option<String>,
    #[arg(
        long,
        value_name = "B,...",
        help_heading = "Comparison",
        help = table_help(COMPARE_OPTIONS, "batch_sizes")
    )]
    pub batch_sizes: Option<String>,
    #[arg(long, value_name = "N", help_heading = "Comparison", help = table_help(COMPARE_OPTIONS, "epochs"))]
    pub epochs: Option<usize>,
    /// Learning rate for entries without their own :LR.
    #[arg(long, value_name = "LR", allow_hyphen_values = true, help_heading = "Comparison")]
    pub lr: Option<f64>,
    #[arg(
        long,
        value_name = "F",
        allow_hyphen_values = true,
        help_heading = "Comparison",
        help = table_help(COMPARE_OPTIONS, "validation_fraction")
    )]
    pub validation_fraction: Option<f64>,
    #[arg(
        long,
        value_name = "LOSS",
        allow_hyphen_values = true,
        help_heading = "Comparison",
        help = table_help(COMPARE_OPTIONS, "threshold")
    )]
    pub threshold: Option<f64>,
    /// Draw every run's loss curve to FILE (.png or .svg).
    #[arg(long, value_name = "FILE", help_heading = "Comparison")]
    pub plot: Option<PathBuf>,
    #[command(flatten)]
    pub board: TensorBoardFlags,
    /// Read flags from a TOML file (keys are the long flag names; the command line wins).
    #[arg(long, value_name = "FILE", help_heading = "Comparison")]
    pub config: Option<PathBuf>,
    /// Print only the table (no line per finished run).
    #[arg(long, short, help_heading = "Comparison")]
    pub quiet: bool,
}
