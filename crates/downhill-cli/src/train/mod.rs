//! `downhill train` (and `compare`): from flags and a data file to a configured estimator run, plus
//! the run's reporting (progress, Ctrl-C, summary, curves).
mod board;
mod curves;
mod dataset;
mod fit;
mod health_report;
mod interrupt;
mod layer_stack;
mod model_choice;
mod optimizer;
mod progress;
mod sample_snapshots;
mod schedule;
mod settings;
mod solver;
mod summary;
mod summary_json;

pub use crate::optimize::optimizer_defaults;
pub use board::{board, finish as finish_board, metric_name, observers, Board};
pub use curves::{describe_descent, describe_run, training_curves};
pub use dataset::{prepare, preprocess_options, Dataset};
pub use fit::{fit, recipe, Recipe, Trained};
pub use health_report::health_report;
pub use interrupt::stop_flag;
pub use layer_stack::{help as layers_help, wants_help as wants_layers_help};
pub use model_choice::{model_help, model_spec};
pub use optimizer::{optimizer_settings, parse_kind as parse_optimizer};
pub use progress::Reporter;
pub use sample_snapshots::{snapshots_grid, SampleSnapshots};
pub use settings::{penalty, train_config, waits};
pub use summary::{summary, swa_line};
pub use summary_json::{refuse_json, summary_json};
