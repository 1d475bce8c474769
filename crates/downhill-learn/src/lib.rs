//! Estimators with a `fit` / `predict` API, the training loop and its stopping rules, metrics, and
//! model files. Estimators are parameter values whose `fit` returns a new fitted value (linfa
//! style); the loop (`Trainer`) is kept apart from the model and the optimizer (argmin style).

mod architecture;
mod batches;
mod data;
mod early_stopping;
mod error;
mod grad_health;
mod history;
pub mod metrics;
mod nn_serde;
mod no_improvement;
mod objective;
mod optimizer_config;
mod optimizer_settings;
mod penalty;
mod schedule_config;
mod seeds;
mod split;
mod stopping;

pub use architecture::Architecture;
pub use batches::BatchSize;
pub use data::{check_x, check_xy, count_classes, Task};
pub use downhill_tensor::Tensor;
pub use early_stopping::{EarlyStopping, EarlyStoppingState, Verdict};
pub use error::LearnError;
pub use grad_health::{EXPLODING, VANISHING};
pub use history::{EpochRecord, History, Monitor, StopReason, Warning};
pub use no_improvement::{Tolerance, ToleranceState};
pub use objective::Objective;
pub use optimizer_config::OptimizerConfig;
pub use optimizer_settings::{Clip, OptimizerSettings, Plateau};
pub use penalty::Penalty;
pub use schedule_config::{ScheduleConfig, SchedulePer};
pub use split::Split;
pub use stopping::StoppingRules;

#[derive(Debug, thiserror::Error)]
#[error("placeholder")]
pub struct ModelFileError;
