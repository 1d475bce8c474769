//! `downhill tune`: train's flags for everything the search keeps fixed, the search space and
//! strategy, and where the results go. What a space and a strategy are, and the search's options:
//! downhill-learn's `tune` (`TUNE_OPTIONS`).
use super::{table_help, TrainArgs};
use clap::{Args, ValueEnum};
use downhill_learn::tune::TUNE_OPTIONS;
use std::path::PathBuf;

#[derive(Clone, Debug, Args)]
pub struct TuneArgs {
    #[command(flatten)]
    pub run: TrainArgs,
    /// The search space (required): NAME=loguniform(A,B) | uniform(A,B) | randint(A,B) | choice(V,...),
    /// comma-separated. Names are train's flags (lr, batch-size, weight-decay, hidden, momentum,
    /// dropout, optimizer, ...); quote a choice holding a comma: hidden=choice(64,"128,64").
    #[arg(long, value_name = "SPACE", help_heading = "Search")]
    pub space: Option<String>,
    /// random (--trials draws), grid (every point) or halving (successive halving of --trials
    /// draws: the best 1/--eta of each rung go on with --eta times the epochs, up to --epochs).
    #[arg(long, value_enum, default_value_t = StrategyArg::Random, help_heading = "Search")]
    pub strategy: StrategyArg,
    #[arg(long, value_name = "N", help_heading = "Search", help = table_help(TUNE_OPTIONS, "trials"))]
    pub trials: Option<usize>,
    #[arg(long, value_name = "N", help_heading = "Search", help = table_help(TUNE_OPTIONS, "eta"))]
    pub eta: Option<usize>,
    #[arg(long, value_name = "N", help_heading = "Search", help = table_help(TUNE_OPTIONS, "grid_points"))]
    pub grid_points: Option<usize>,
    /// Trials trained at once (default: the machine's cores); their kernels share these threads.
    #[arg(long, value_name = "N", help_heading = "Search")]
    pub jobs: Option<usize>,
    /// Write one CSV row per trial: trial, rung, epochs, each hyperparameter, the validation metric,
    /// seconds (atomically).
    #[arg(long, value_name = "FILE", help_heading = "Search")]
    pub results: Option<PathBuf>,
    /// Retrain the best configuration on the training and validation rows together before writing
    /// --out (otherwise --out is the best trial's model).
    #[arg(long, help_heading = "Search")]
    pub refit: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StrategyArg {
    Random,
    Grid,
    Halving,
}
