//! `--tensorboard DIR` and its histogram cadence, shared by `train` (and so `tune`) and `compare`.
//! Parsing only; `train/board.rs` wires them to downhill-learn's `tensorboard`, whose
//! `TENSORBOARD_OPTIONS` the histogram flag's help reads.
use super::table_help;
use clap::Args;
use downhill_learn::tensorboard::TENSORBOARD_OPTIONS;
use std::path::PathBuf;

#[derive(Clone, Debug, Default, Args)]
pub struct TensorBoardFlags {
    /// Write TensorBoard event files into DIR as training goes (watch with `tensorboard --logdir
    /// DIR`): losses, validation metric, learning rate, gradient norms per layer, the run's
    /// hyperparameters, and histograms of the weights and gradients. `compare` and `tune` write
    /// one run per configuration, each in a subdirectory of DIR.
    #[arg(long, value_name = "DIR", help_heading = "TensorBoard")]
    pub tensorboard: Option<PathBuf>,
    #[arg(
        long,
        value_name = "N",
        requires = "tensorboard",
        help_heading = "TensorBoard",
        help = table_help(TENSORBOARD_OPTIONS, "tensorboard_histograms")
    )]
    pub tensorboard_histograms: Option<usize>,
}
