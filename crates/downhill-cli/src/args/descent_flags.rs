//! The flag group every command that descends shares: gradient clipping, the optimizer's torch-named
//! hyperparameters and the learning-rate schedule. `optimize` and `train` flatten the same struct, so
//! a flag means the same thing (and is checked by the same code) in both.
use super::{OptimizerFlags, ScheduleFlags};
use clap::Args;

#[derive(Clone, Debug, Default, Args)]
pub struct DescentFlags {
    /// Clip the gradient's global L2 norm to F before each step (torch `clip_grad_norm_`).
    #[arg(long, value_name = "F", conflicts_with = "clip_value", allow_hyphen_values = true)]
    pub clip_norm: Option<f64>,
    /// Clamp every gradient component to [-F, F] before each step (torch `clip_grad_value_`).
    #[arg(long, value_name = "F", allow_hyphen_values = true)]
    pub clip_value: Option<f64>,
    #[command(flatten)]
    pub hyper: OptimizerFlags,
    #[command(flatten)]
    pub schedule: ScheduleFlags,
}
