//! Named optimizers: short chains with torch's defaults, one per file, and how to choose one by
//! name (`OptimizerKind`) or as serialisable data (`OptimizerConfig`).
pub(crate) mod adadelta;
pub(crate) mod adagrad;
pub(crate) mod adam;
pub(crate) mod adamax;
pub(crate) mod adamw;
pub(crate) mod nadam;
mod optimizer_build;
pub(crate) mod optimizer_config;
mod optimizer_defaults;
pub(crate) mod optimizer_kind;
pub(crate) mod radam;
pub(crate) mod rmsprop;
pub(crate) mod sgd;
