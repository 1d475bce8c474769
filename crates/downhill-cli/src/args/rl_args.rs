//! `downhill rl`: an environment, the policy's layers, the policy-gradient options (their meaning,
//! defaults and ranges are downhill-learn's `rl::RL_OPTIONS`), the optimizer flags and clipping
//! `train` takes. No learning-rate schedule: its `--gamma` would clash with the discount's.
use super::{ClipFlags, DescentFlags, OptimizerFlags, ReportFormat};
use clap::Args;
use std::path::PathBuf;

#[derive(Clone, Debug, Args)]
pub struct RlArgs {
    /// The environment: cartpole (gymnasium's CartPole-v1).
    #[arg(value_name = "ENV")]
    pub env: String,
    /// reinforce (default) or actor-critic (a learned value baseline).
    #[arg(long, value_name = "NAME")]
    pub algorithm: Option<String>,
    /// The policy's hidden layers; one output logit per action is added (default 'linear(128),
    /// dropout(0.6), relu', pytorch/examples' policy).
    #[arg(long, value_name = "LAYERS")]
    pub layers: Option<String>,
    /// Discount factor of future rewards, in [0, 1] (default 0.99).
    #[arg(long, value_name = "G")]
    pub gamma: Option<f64>,
    /// The most episodes to run (default 2000); the run stops once solved unless --run-all.
    #[arg(long, value_name = "N")]
    pub episodes: Option<usize>,
    /// Run every episode, even once the mean return of the last 100 reaches the threshold.
    #[arg(long)]
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
