//! The one place the CLI calls an estimator: run the spec's `fit_with` with the hooks (progress,
//! Ctrl-C flag, checkpoints, resume). What a run is (`Recipe`) is downhill-learn's `EstimatorSpec`.
use crate::error::CliError;
pub use downhill_learn::{EstimatorSpec as Recipe, Trained};
use downhill_learn::{Hooks, Tensor};

/// Trains `r` on `x`, `y`.
pub fn fit(r: &Recipe, x: &Tensor, y: &Tensor, hooks: Hooks<'_>) -> Result<Trained, CliError> {
    Ok(r.fit_with(x, y, hooks)?)
}
