//! `downhill train`: data and model flags, the descent flags shared with `optimize`, stopping rules,
//! outputs and run control. Parsing only; `train/settings.rs` and the rest of `train/` give the
//! flags their meaning.
use super::{
    DataFlags, DescentFlags, ModelFlags, StoppingFlags, StreamFlags, SwaFlags, TensorBoardFlags, TextFlags,
};
use clap::{Args, ValueEnum};
use std::path::PathBuf;

/// Where `train` writes the model when `--out` is not given.
pub const DEFAULT_OUT: &str = "model.safetensors";

/// `downhill train` itself: train's flags, plus how to print the result (not a flag of the
/// commands that reuse train's flags, `lr-find` and `tune`, which print their own).
#[derive(Clone, Debug, Args)]
pub struct TrainCommand {
    #[command(flatten)]
    pub run: TrainArgs,
    /// How the result is printed on stdout: `table` (lines for people) or `json` (one JSON
    /// document: epochs, stop reason, findings, test metrics, seconds, files written, restarts;
    /// printed even with --quiet). Progress and warnings stay on stderr.
    #[arg(long, value_enum, default_value_t = TrainFormat::Table, help_heading = "Outputs")]
    pub format: TrainFormat,
}

impl TrainCommand {
    /// Train's flags with the output format set.
    pub fn into_args(self) -> TrainArgs {
        TrainArgs { format: self.format, ..self.run }
    }
}

/// How `train` prints its result on stdout.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum TrainFormat {
    /// The summary lines.
    #[default]
    Table,
    /// One JSON document.
    Json,
}

#[derive(Clone, Debug, Args)]
pub struct TrainArgs {
    #[command(flatten)]
    pub data: DataFlags,
    #[command(flatten)]
    pub model: ModelFlags,
    #[arg(
        long,
        value_name = "NAME",
        help = format!(
            "Optimizer, any first-order one of `downhill optimize --optimizer help` (default: the model's own, {})",
            downhill_learn::EstimatorSpec::default_descents()
        ),
        help_heading = "Optimizer options (torch names; unset = torch default)"
    )]
    pub optimizer: Option<String>,
    /// Keep an exponential moving average of the weights with this decay, e.g. 0.999 (torch's
    /// AveragedModel with get_ema_multi_avg_fn, updated after every step); the average is the model
    /// validated and written.
    #[arg(
        long,
        value_name = "DECAY",
        allow_hyphen_values = true,
        help_heading = "Optimizer options (torch names; unset = torch default)"
    )]
    pub ema: Option<f64>,
    #[command(flatten)]
    pub swa: SwaFlags,
    #[command(flatten)]
    pub descent: DescentFlags,
    #[command(flatten)]
    pub stopping: StoppingFlags,
    #[command(flatten)]
    pub text: TextFlags,
    #[command(flatten)]
    pub stream: StreamFlags,
    /// Write the model here (safetensors with metadata; written atomically).
    #[arg(long, value_name = "FILE", default_value = DEFAULT_OUT, help_heading = "Outputs")]
    pub out: PathBuf,
    /// Write one CSV row per epoch: epoch, seconds, lr, train_loss, val_loss, val metric.
    #[arg(long, value_name = "FILE", help_heading = "Outputs")]
    pub metrics: Option<PathBuf>,
    /// Draw the training curves (loss per epoch, validation metric) to FILE (.png or .svg).
    #[arg(long, value_name = "FILE", help_heading = "Outputs")]
    pub plot: Option<PathBuf>,
    /// Draw the health monitor's signals over training to FILE (.png or .svg): per-layer gradient
    /// norms, update-to-weight ratios and stuck (dead or saturated) units, beside the loss.
    #[arg(long, value_name = "FILE", help_heading = "Outputs")]
    pub health: Option<PathBuf>,
    #[command(flatten)]
    pub board: TensorBoardFlags,
    /// For --model gan: draw the generator's samples from 10 fixed codes after every
    /// --sample-every epochs and after the last, one row per snapshot, to FILE (.png or .svg).
    /// The last row is `downhill generate MODEL --samples 10 --seed <the training seed>`.
    #[arg(long, value_name = "FILE", help_heading = "Outputs")]
    pub sample_grid: Option<PathBuf>,
    /// Epochs between the --sample-grid snapshots (default: a tenth of --epochs, at least 1).
    #[arg(long, value_name = "N", requires = "sample_grid", help_heading = "Outputs")]
    pub sample_every: Option<usize>,
    /// Feature selection: train, rank the columns by integrated-gradients importance on the
    /// training rows (as `downhill explain`), retrain on the K most important, and report the test
    /// metric with all columns and with K; the K-column model is the one written. Needs test rows.
    #[arg(long, value_name = "K", help_heading = "Run control")]
    pub select_features: Option<usize>,
    /// Read flags from a TOML file (keys are the long flag names; the command line wins).
    #[arg(long, value_name = "FILE", help_heading = "Run control")]
    pub config: Option<PathBuf>,
    /// Write a checkpoint (model, optimizer, schedule and RNG state) every N epochs; with --stream,
    /// every N optimizer steps, with the place in the pass so --resume continues mid-file.
    #[arg(long, value_name = "N", help_heading = "Run control")]
    pub checkpoint_every: Option<usize>,
    /// Checkpoint file for --checkpoint-every (default: the --out name with `.ckpt.safetensors`).
    #[arg(long, value_name = "FILE", requires = "checkpoint_every", help_heading = "Run control")]
    pub checkpoint: Option<PathBuf>,
    /// Start from the weights of FILE: a downhill model with the same layers, or a PyTorch
    /// state_dict saved by safetensors.torch.save_file (torch's `0.weight` is our `layers.0.weight`).
    #[arg(long, value_name = "FILE", help_heading = "Run control")]
    pub init_from: Option<PathBuf>,
    /// Keep the parameters under these name prefixes fixed (fine-tuning), e.g. layers.0,layers.3.
    #[arg(long, value_name = "PREFIX,...", value_delimiter = ',', help_heading = "Run control")]
    pub freeze: Option<Vec<String>>,
    /// Continue from a checkpoint written by the same command on the same data.
    #[arg(long, value_name = "FILE", help_heading = "Run control")]
    pub resume: Option<PathBuf>,
    /// Train as one rank of `mpirun -np N downhill train ...` (data-parallel: each rank takes 1/N
    /// of every batch of N·--batch-size rows and the gradients are averaged; rank 0 writes). Needs
    /// a build with `--features mpi`.
    #[arg(long, help_heading = "Run control")]
    pub distributed: bool,
    /// Train from N seeds (--seed, --seed + 1, ...; the same validation rows for all), keep the
    /// run with the lowest final validation loss (training loss without validation rows), and
    /// report the spread of the final losses; a wide spread is a finding (many basins).
    #[arg(long, value_name = "N", default_value_t = 1, help_heading = "Run control")]
    pub restarts: usize,
    /// Print nothing but errors and warnings.
    #[arg(long, short, help_heading = "Run control")]
    pub quiet: bool,
    /// Set by `train --format` (TrainCommand); `table` for the commands reusing these flags.
    #[arg(skip)]
    pub format: TrainFormat,
}
