//! The command line, declared with clap's derive: `downhill <COMMAND> [FLAGS]`. Only parsing lives
//! here; what the flags mean is decided in `optimize/` and `train/`. Flag groups shared between
//! commands (descent, data, model) live in their own files and are flattened in.
mod anomaly_args;
mod clip_flags;
mod compare_args;
mod config_file;
mod data_flags;
mod descent_flags;
mod described_flags;
mod explain_args;
mod export_args;
mod flag_set_args;
mod flag_values;
mod generate_args;
mod lr_find_args;
mod model_flags;
mod model_io_args;
mod optimizer_flags;
mod rl_args;
mod schedule_flags;
mod stopping_flags;
mod stream_flags;
mod swa_flags;
mod tensorboard_flags;
mod text_flags;
mod train_args;
mod tune_args;

pub use anomaly_args::AnomalyArgs;
pub use clip_flags::ClipFlags;
pub use compare_args::CompareArgs;
pub use config_file::{parse, ParseError};
pub use data_flags::{DataFlags, MissingArg};
pub use descent_flags::DescentFlags;
pub use described_flags::{sentence, table_help, FlagSpec};
pub use explain_args::ExplainArgs;
pub use export_args::{ExportArgs, ExportFormat};
pub use generate_args::GenerateArgs;
pub use lr_find_args::LrFindArgs;
#[cfg(test)]
pub use model_flags::ModelArg;
pub use model_flags::{LossArg, ModelFlags, ScaleTargetArg};
pub use model_io_args::{EvaluateArgs, InspectArgs, PredictArgs, ReportFormat};
pub use optimizer_flags::{optimizer_flag_set, OptimizerFlags};
pub use rl_args::RlArgs;
pub use schedule_flags::{schedule_flag_set, ScheduleFlags};
#[cfg(test)]
pub use stopping_flags::stopping_flag_set;
pub use stopping_flags::StoppingFlags;
pub use stream_flags::StreamFlags;
pub use swa_flags::{swa_flag_set, SwaFlags};
pub use tensorboard_flags::TensorBoardFlags;
pub use text_flags::TextFlags;
pub use train_args::{TrainArgs, TrainCommand, TrainFormat, DEFAULT_OUT};
pub use tune_args::{StrategyArg, TuneArgs};

use clap::{Args, Parser, Subcommand, ValueEnum};
use downhill_testfns::Point;
use std::path::PathBuf;

#[derive(Debug, Parser)]
/// `--version` prints the package version and the commit it was built from (build.rs).
#[command(
    name = "downhill",
    version = concat!(env!("CARGO_PKG_VERSION"), " (", env!("DOWNHILL_COMMIT"), ")"),
    about = "Gradient descent, made visible."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Train a model on a data file; write it, its per-epoch metrics and its training curves.
    Train(Box<TrainCommand>),
    /// Predict with a trained model: CSV of class names or values (and probabilities).
    Predict(PredictArgs),
    /// Metrics of a trained model on labelled data.
    Evaluate(EvaluateArgs),
    /// What a model file holds: architecture, preprocessing, names, settings, metrics.
    Inspect(InspectArgs),
    /// Write a trained model for another runtime: ONNX with its preprocessing and output head.
    Export(ExportArgs),
    /// Train one model with each optimizer and batch size from the same start; plot and tabulate.
    Compare(Box<CompareArgs>),
    /// Run torch-style optimizers on a 2-D test function; print the trajectory, draw the race.
    Optimize(Box<OptimizeArgs>),
    /// Sample text from a character-level language model (trained on a .txt file).
    Generate(GenerateArgs),
    /// Which features a model's predictions rest on: gradient attributions per row and column.
    Explain(Box<ExplainArgs>),
    /// Learn a policy by trial and error: policy gradients (REINFORCE, actor-critic) on CartPole.
    Rl(Box<RlArgs>),
    /// Score rows as anomalies under a model: reconstruction error or gradient norm; AUROC vs labels.
    Anomaly(Box<AnomalyArgs>),
    /// The learning-rate range test: one step per batch at a rate growing exponentially; plot the
    /// smoothed loss against the rate and suggest the rate of steepest descent. Takes train's flags.
    LrFind(Box<LrFindArgs>),
    /// Hyperparameter search over train's flags: random, grid or successive halving, trials side by
    /// side; a table and CSV by validation metric, a picture, and the best model.
    Tune(Box<TuneArgs>),
    /// Print a shell completion script: `downhill completions bash > ~/.local/share/bash-completion/completions/downhill`.
    Completions(CompletionsArgs),
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// How `optimize` prints its runs on stdout.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A summary table: final point and loss, steps to reach --threshold.
    Table,
    /// One JSON document with every step.
    Json,
    /// One CSV row per step: optimizer,step,x,y,loss,lr.
    Csv,
}

#[derive(Debug, Args)]
pub struct OptimizeArgs {
    /// Test function to descend (required; `help` lists them with formulas, minima and windows).
    #[arg(long, value_name = "NAME")]
    pub function: Option<String>,
    /// Optimizer (required), or a comma-separated list to race from the same start. Each entry may carry its
    /// own learning rate as NAME:LR (e.g. `sgd:0.001,adam:0.05`). `help` lists the names.
    #[arg(long, value_name = "NAME[:LR],...")]
    pub optimizer: Option<String>,
    /// Starting point; defaults to the function's conventional start (see `--function help`).
    #[arg(long, value_name = "X,Y", value_parser = parse_point, allow_hyphen_values = true)]
    pub start: Option<Point>,
    /// Number of optimizer steps.
    #[arg(long, value_name = "N", default_value_t = 100, allow_hyphen_values = true)]
    pub steps: u64,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Draw the contour map with every trajectory to FILE (.png or .svg).
    #[arg(long, value_name = "FILE")]
    pub plot: Option<PathBuf>,
    /// Loss level for the summary's "steps to threshold" column.
    #[arg(long, value_name = "LOSS", default_value_t = 1e-3, allow_hyphen_values = true)]
    pub threshold: f64,
    #[command(flatten)]
    pub descent: DescentFlags,
}

/// Parses `x,y` into a point; the message says what was wrong (clap adds the flag name).
fn parse_point(s: &str) -> Result<Point, String> {
    let parts: Vec<&str> = s.split(',').map(str::trim).collect();
    if parts.len() != 2 {
        return Err(format!("expected two comma-separated numbers X,Y, got {} value(s)", parts.len()));
    }
    let num = |t: &str| match t.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(format!("`{t}` is not a finite number; expected X,Y")),
    };
    Ok([num(parts[0])?, num(parts[1])?])
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn points_need_exactly_two_finite_numbers() {
        assert_eq!(parse_point("-1.5, 2"), Ok([-1.5, 2.0])); // exact: parsed decimals equal the same literals
        assert!(parse_point("1,2,3").unwrap_err().contains("got 3"));
        assert!(parse_point("1").unwrap_err().contains("got 1"));
        assert!(parse_point("1,nan").unwrap_err().contains("`nan`"));
    }
}
