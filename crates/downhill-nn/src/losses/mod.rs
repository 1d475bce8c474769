//! Losses: each maps (prediction, target) to a scalar mean over the batch, like torch's
//! `reduction="mean"`. Each is one file, built from stable autograd primitives.
use downhill_autograd::Var;

mod bce;
mod cross_entropy;
mod hinge;
mod huber;
mod mae;
mod mse;
mod scaled_huber;

pub use bce::BceWithLogits;
pub use cross_entropy::CrossEntropy;
pub use hinge::Hinge;
pub use huber::Huber;
pub use mae::Mae;
pub use mse::Mse;
pub use scaled_huber::{concomitant_scale, ScaledHuber};

/// A training objective.
pub trait Loss {
    /// The scalar loss; `target` has the layout the loss documents (values, 0/1, ±1 or class ids).
    fn loss<'t>(&self, pred: Var<'t>, target: Var<'t>) -> Var<'t>;
    /// Its name in logs and model files (`mse`, `cross_entropy`).
    fn name(&self) -> &'static str;
}
