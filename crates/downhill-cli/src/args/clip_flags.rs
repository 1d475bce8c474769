//! Gradient clipping, the flags every command that takes optimizer steps shares (`DescentFlags`
//! for `optimize` and `train`, and `rl`).
use clap::Args;

#[derive(Clone, Debug, Default, Args)]
pub struct ClipFlags {
    /// Clip the gradient's global L2 norm to F before each step (torch `clip_grad_norm_`).
    #[arg(long, value_name = "F", conflicts_with = "clip_value", allow_hyphen_values = true)]
    pub clip_norm: Option<f64>,
    /// Clamp every gradient component to [-F, F] before each step (torch `clip_grad_value_`).
    #[arg(long, value_name = "F", allow_hyphen_values = true)]
    pub clip_value: Option<f64>,
}
