//! The flag group every command that descends shares: gradient clipping, the optimizer's torch-named
//! hyperparameters and the learning-rate schedule. `optimize` and `train` flatten the same struct, so
//! a flag means the same thing (and is checked by the same code) in both.
use super::{ClipFlags, OptimizerFlags, ScheduleFlags};
use clap::Args;

#[derive(Clone, Debug, Default, Args)]
pub struct DescentFlags {
    #[command(flatten)]
    pub clip: ClipFlags,
    #[command(flatten)]
    pub hyper: OptimizerFlags,
    #[command(flatten)]
    pub schedule: ScheduleFlags,
}
