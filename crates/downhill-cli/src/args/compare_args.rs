//! `downhill compare`: one model trained with each optimizer × batch size from the same initial
//! weights; the loss curves in one picture and a table.
use super::{DataFlags, ModelFlags, TensorBoardFlags};
use clap::Args;
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
    /// Batch sizes to compare: `full`, 1 or N, comma-separated.
    #[arg(long, value_name = "B,...", default_value = "32", help_heading = "Comparison")]
    pub batch_sizes: String,
    /// Epochs per run (every run trains exactly this long).
    #[arg(long, value_name = "N", default_value_t = 20, help_heading = "Comparison")]
    pub epochs: usize,
    /// Learning rate for entries without their own :LR.
    #[arg(long, value_name = "LR", allow_hyphen_values = true, help_heading = "Comparison")]
    pub lr: Option<f64>,
    /// Fraction of the training rows held out for validation; 0 compares training losses.
    #[arg(
        long,
        value_name = "F",
        default_value_t = 0.2,
        allow_hyphen_values = true,
        help_heading = "Comparison"
    )]
    pub validation_fraction: f64,
    /// Loss level for the table's "epochs to loss" column (default: 1.5 × the best final loss).
    #[arg(long, value_name = "LOSS", allow_hyphen_values = true, help_heading = "Comparison")]
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
