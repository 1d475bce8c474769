//! Estimators described once: the families a user names, their options table, and the serde-tagged
//! spec that is defaulted for a task, checked against it, fitted and recorded in model files.
mod estimator_spec;
mod model_family;
mod model_options;
mod options;
mod penalty_options;

pub use estimator_spec::{EstimatorSpec, Trained};
pub use model_family::{Misfit, ModelFamily};
pub use model_options::{GivenLayers, ModelOptions};
pub use options::{Applies, EstimatorOption, ESTIMATOR_OPTIONS};
pub(crate) use penalty_options::penalty_option;
pub use penalty_options::{PenaltyOptions, PENALTY_OPTIONS};
