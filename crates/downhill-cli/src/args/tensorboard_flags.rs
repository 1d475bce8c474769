//! `--tensorboard DIR` and its histogram cadence, shared by `train` (and so `tune`) and `compare`.
//! Parsing only; `train/board.rs` wires them to downhill-learn's `tensorboard`.
use clap::Args;
use std::path::PathBuf;

#[derive(Clone, Debug, Default, Args)]
pub struct TensorBoardFlags {
    /// Write TensorBoard event files into DIR as training goes (watch with `tensorboard --logdir
    /// DIR`): losses, validation metric, learning rate, gradient norms per layer, the run's
    /// hyperparameters, and histograms of the weights and gradients. `compare` and `tune` write
    /// one run per configuration, each in a subdirectory of DIR.
    #[arg(long, value_name = "DIR", help_heading = "TensorBoard")]
    pub tensorboard: Option<PathBuf>,
    /// Histograms of the weights and of the epoch's mean gradients after epoch 1 and every N-th
    /// epoch (default 5; 0: none).
    #[arg(long, value_name = "N", requires = "tensorboard", help_heading = "TensorBoard")]
    pub tensorboard_histograms: Option<usize>,
}
