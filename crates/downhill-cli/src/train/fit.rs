//! The one place the CLI calls an estimator: run the spec's `fit_with` with the hooks (progress,
//! Ctrl-C flag, checkpoints, resume). What a run is (`Recipe`) is downhill-learn's `EstimatorSpec`.
use crate::args::TrainArgs;
use crate::error::CliError;
use crate::train::{model_spec, train_config, Dataset};
pub use downhill_learn::{EstimatorSpec as Recipe, Trained};
use downhill_learn::{Hooks, Tensor};

/// The estimator `args` describe for `data`: the model family and its flags over the family's
/// defaults, and the training settings over the estimator's.
pub fn recipe(args: &TrainArgs, data: &Dataset) -> Result<Recipe, CliError> {
    let target = data.prep.target().column();
    let mut recipe = model_spec(&args.model, data.task, target, data.sample_shape.as_deref())?;
    *recipe.train_config_mut() = train_config(args, recipe.train_config().clone())?;
    Ok(recipe)
}

/// Trains `r` on `x`, `y`.
pub fn fit(r: &Recipe, x: &Tensor, y: &Tensor, hooks: Hooks<'_>) -> Result<Trained, CliError> {
    Ok(r.fit_with(x, y, hooks)?)
}
