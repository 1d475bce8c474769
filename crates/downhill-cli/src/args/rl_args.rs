//! `downhill rl`: an environment, the policy's layers, the policy-gradient options (their help,
//! defaults and ranges read from downhill-learn's `rl::RL_OPTIONS`), the optimizer flags and clipping
//! `train` takes. No learning-rate schedule: its `--gamma` would clash with the discount's.
use super::{table_help, ClipFlags, DescentFlags, OptimizerFlags, ReportFormat};
use clap::Args;
use downhill_learn::rl::RL_OPTIONS;
use std::path::PathBuf;

#[derive(Clone, Debug, Args)]
pub struct RlArgs {
    /// The environment: cartpole (gymnasium's CartPole-v1).
    #[arg(value_name = "ENV")]
    pub env: String,
    #[arg(long, value_name = "NAME", help = table_help(RL_OPTIONS, "algorithm"))]
    pub algorithm: Option<String>,
    /// The policy's hidden layers; one output logit per action is added (default 'linear(128),
    /// dropout(0.6), relu', pytorch/examples' policy).
    #[arg(long, value_name = "LAYERS")]
    pub layers: Option<String>,
    #[arg(long, value_name = "G", help = table_help(RL_OPTIONS, "gamma"))]
    pub gamma: Option<f64>,
    #[arg(long, value_name = "N", help = table_help(RL_OPTIONS, "episodes"))]
    pub episodes: Option<usize>,
    #[arg(long, value_name = "N", help = table_help(RL_OPTIONS, "window"))]
    pub window: Option<usize>,
    #[arg(long, help = table_help(RL_OPTIONS, "run_all"))]
    pub run_all: bool,
    /// Seed of the weights, the environment's resets and the action draws.
    #[arg(long, value_name = "S", default_value_t = 0)]
    pub seed: u64,
    /// Optimizer (default adam, lr 1e-2).
    #[arg(
        long,
        value_name = "NAME",
        help_heading = "Optimizer options (torch names; unset = torch default)"
    )]
    pub optimizer: Option<String>,
    #[command(flatten)]
    pub clip: ClipFlags,
    #[command(flatten)]
    pub hyper: OptimizerFlags,
    /// Write the policy here (a model file; its prediction is the greedy action).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Draw the learning curve (return per episode and its moving mean) to FILE (.png or .svg).
    #[arg(long, value_name = "FILE")]
    pub plot: Option<PathBuf>,
    /// The summary as aligned text or one JSON object.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// Print nothing but errors and the summary (no progress).
    #[arg(long, short)]
    pub quiet: bool,
}

impl RlArgs {
    /// The optimizer and clipping flags as the descent flags `train` parses (no schedule).
    pub fn descent(&self) -> DescentFlags {
        DescentFlags { clip: self.clip.clone(), hyper: self.hyper.clone(), ..DescentFlags::default() }
    }
}
