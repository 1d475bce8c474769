//! Estimators with a `fit` / `predict` API, the training loop and its stopping rules, metrics, and
//! model files: the part of downhill that turns data into a trained model, on top of
//! downhill-nn (networks and losses) and downhill-optim (optimizers and schedules).
//!
//! Data comes in as tensors: `x` [n, features] f32 and `y` [n, 1] with values (regression) or
//! class ids 0..k (classification). Everything that can fail on user settings or data returns
//! `Result<_, LearnError>`, whose message names the option or value and what to do about it.
//!
//! # How the pieces fit
//!
//! - Estimators are params values whose `fit` returns a new fitted value (linfa style):
//!   [`LinearRegression`], [`LogisticRegression`], [`SoftmaxRegression`], [`LinearSvm`],
//!   [`MlpClassifier`], [`MlpRegressor`], [`Autoencoder`], [`Vae`], [`Gan`], each with builder
//!   setters (`.lr(0.01)`, `.epochs(50)`, `.hidden([64])`) and scikit-learn-like defaults.
//!   [`Fit::fit`] gives a [`Fitted`] estimator, which implements [`Predict`], [`PredictProba`]
//!   (classifiers), [`Score`] and [`PartialFit`], and holds the trained [`Model`] and its
//!   [`History`].
//! - [`TrainConfig`] is what every estimator trains with: [`OptimizerSettings`] (an optimizer,
//!   schedule, clipping and plateau rule from downhill-optim), [`BatchSize`], [`StoppingRules`]
//!   ([`Tolerance`], [`EarlyStopping`], a gradient-norm test, a time limit), a [`Penalty`], the
//!   validation fraction and the seed. A run is reproducible from its seed, and resumable.
//! - [`Trainer`] is the loop, kept apart from the model and the optimizer (argmin style): it trains
//!   any `downhill_nn::Module` on any [`Criterion`], a closure from a [`Batch`] to a loss on the
//!   tape (an autoencoder's reconstruction error, a custom penalty, ...). The estimators are thin
//!   users of it: their [`Objective`] is the criterion. [`Hooks`] carry a [`Progress`] callback,
//!   a stop flag, checkpoints and a resume file; the [`History`] records each epoch
//!   ([`EpochRecord`]), why training stopped ([`StopReason`]) and what looked wrong ([`Warning`]).
//! - For raw data, [`Pipeline`] fits the preprocessing (standard scaling) on the training rows with
//!   the model, and [`FittedPipeline`] saves both in one model file (the CLI's format);
//!   [`train_test_split`] holds out a stratified test set; [`save_model`] / [`load_model`] and
//!   [`save_module`] / [`load_module`] keep models and networks trained in a loop of one's own.
//! - [`EstimatorSpec`] and [`ModelFamily`] choose an estimator by name, as the command line and
//!   config files do. The modules [`metrics`], [`tune`] (hyperparameter search), [`attribution`]
//!   (which features a prediction rests on), [`rl`] (policy gradients) and [`text`] (character
//!   language models) build on the same loop.
//!
//! # Examples
//!
//! Softmax regression on the iris data shipped with downhill-data, 20 epochs (each one L-BFGS
//! step over the training rows), scored on a held-out fifth:
//!
//! ```
//! use downhill_learn::{train_test_split, Pipeline, SoftmaxRegression};
//! let iris = downhill_data::datasets::iris();
//! let s = train_test_split(&iris.x, &iris.y, 0.2, 0)?;
//! let fitted = Pipeline::new(SoftmaxRegression::new().epochs(20)).fit(&s.x_train, &s.y_train)?;
//! let history = fitted.history().expect("a fitted pipeline has its training history");
//! assert!(history.epochs.len() <= 20);
//! let accuracy = fitted.score(&s.x_test, &s.y_test)?;
//! assert!(accuracy > 0.9, "test accuracy {accuracy}");
//! # Ok::<(), downhill_learn::LearnError>(())
//! ```
//!
//! A line fitted by full-batch gradient descent on four hand-made rows:
//!
//! ```
//! use downhill_learn::{Fit, LinearRegression, Predict, StoppingRules, Tensor};
//! let x = Tensor::from_rows(&[[0.0], [1.0], [2.0], [3.0]]).unwrap();
//! let y = Tensor::from_rows(&[[1.0], [3.0], [5.0], [7.0]]).unwrap(); // y = 2x + 1
//! let params = LinearRegression::new().lr(0.1).full_batch().stopping(StoppingRules::epochs(300));
//! let fitted = params.fit(&x, &y).unwrap();
//! let pred = fitted.predict(&Tensor::from_rows(&[[4.0]]).unwrap()).unwrap();
//! assert!((pred.item() - 9.0).abs() < 0.1);
//! ```
#![warn(missing_docs)]

mod anomaly;
mod architecture;
pub mod attribution;
mod basins;
mod batch;
mod batch_source;
mod batches;
mod checkpoint;
pub mod comparison;
mod criterion;
mod data;
pub mod distributed;
mod duplicate_name;
mod early_stopping;
mod epoch_end;
mod epoch_report;
mod epoch_tally;
mod error;
mod estimator;
mod estimators;
mod file_error;
mod findings;
mod fitted_pipeline;
mod forward_eval;
mod frozen;
mod gan;
mod grad_health;
mod header_problem;
mod health_findings;
mod health_monitor;
mod history;
mod holdout;
mod initial_weights;
mod lbfgs_epoch;
mod lr_find;
pub mod metrics;
mod model;
mod model_file;
mod module_file;
mod muon_split;
mod nn_serde;
mod no_improvement;
mod objective;
mod objective_criterion;
mod observers;
mod optimizer_settings;
mod option_table;
mod pass_position;
mod penalty;
mod pipeline;
mod progress;
mod restarts;
pub mod rl;
mod run_data;
mod seeds;
mod session;
mod solver;
mod sparse_adam_split;
mod spec;
mod split;
mod state_codec;
mod step_batches;
mod stopping;
mod stopping_options;
mod stopping_settings;
mod stream_batches;
mod stream_epoch;
mod stream_fit;
mod swa;
#[cfg(test)]
mod table_defaults;
mod target_scale;
mod tensor_file;
pub mod tensorboard;
pub mod text;
mod token_ids;
mod train_config;
mod train_step;
mod train_test;
mod trainer;
mod traits;
pub mod tune;
mod unit_health;
mod update_bn;
mod update_ratios;
mod vae;
mod warning;

pub use anomaly::{AnomalyScore, AnomalyScores, ANOMALY_OPTIONS};
pub use architecture::{Architecture, LayerStack, MlpArchitecture};
pub use batch::Batch;
pub use batch_source::BatchSource;
pub use batches::BatchSize;
pub use checkpoint::{CHECKPOINT_FORMAT, CHECKPOINT_VERSION};
pub use criterion::{Criterion, Validation, WithMetric};
pub use data::{check_targets, check_x, check_xy, count_classes};
pub use downhill_nn::spec::{layers_text, parse_layers, read_stack, LayerSpec, SpecError, LAYERS};
pub use frozen::Frozen;
pub use initial_weights::{load_weights, read_weights};
pub use lr_find::{lr_find, steepest_descent, LrCurve, LrRangeTest, LrTestEnd};
pub use option_table::OptionTable;
// One task type for the whole workspace: inferred from the target column in downhill-data.
pub use downhill_data::Task;
// The optimizer and schedule configs live in downhill-optim, shared with `downhill optimize`.
pub use basins::{BASIN_SPREAD, DESCENT_SHARE};
pub use downhill_optim::Clip;
pub use downhill_optim::PlateauOptions as Plateau;
pub use downhill_optim::{OptimizerConfig, ScheduleConfig, SchedulePer};
pub use downhill_tensor::Tensor;
pub use early_stopping::{EarlyStopping, EarlyStoppingState, Verdict};
pub use error::LearnError;
pub use estimator::{task_of, validate, Classifier, Estimator, Fitted};
pub use estimators::{
    Autoencoder, LinearRegression, LinearSvm, LogisticRegression, MlpClassifier, MlpRegressor, MlpShape,
    RegressionLoss, SoftmaxRegression,
};
pub use file_error::ModelFileError;
pub use fitted_pipeline::{names_disagreement, FittedPipeline};
pub use gan::{Gan, SNAPSHOT_CODES};
pub use grad_health::{EXPLODING, VANISHING};
pub use health_monitor::{HealthSampling, SAMPLE_EVERY};
pub use history::{EpochRecord, History, Monitor, StopReason};
pub use holdout::{held_out, split_test_rows, test_rows, Strata};
pub use model::{EstimatorKind, Model};
pub use model_file::{load_model, save_model, ModelInfo, MODEL_FORMAT, MODEL_FORMAT_VERSION};
pub use module_file::{load_module, save_module, MODULE_FORMAT, MODULE_FORMAT_VERSION};
pub use muon_split::muon_split;
pub use no_improvement::{Tolerance, ToleranceState};
pub use objective::Objective;
pub use observers::Observers;
pub use optimizer_settings::OptimizerSettings;
pub use penalty::Penalty;
pub use pipeline::Pipeline;
pub use progress::{BatchEvent, CheckpointPolicy, Hooks, ParamSnapshot, Progress};
pub use restarts::{final_loss, restart_seeds, restarts, RestartRun, Restarts, WithHistory};
pub use run_data::{DataPlan, RunData};
pub use session::Session;
pub use solver::Solver;
pub use sparse_adam_split::table_split;
pub(crate) use spec::penalty_option;
pub use spec::{
    Applies, EstimatorOption, EstimatorSpec, GivenLayers, Misfit, ModelFamily, ModelOptions, PenaltyOptions,
    Trained, ESTIMATOR_OPTIONS, PENALTY_OPTIONS,
};
pub use split::Split;
pub use stopping::StoppingRules;
pub use stopping_options::StoppingOptions;
pub use stopping_settings::{StoppingSettings, Waiting};
pub use stream_batches::{default_shuffle_rows, StreamBatches, DEFAULT_SHUFFLE_BYTES, DEFAULT_SHUFFLE_ROWS};
pub use stream_fit::evaluate_stream;
pub use swa::SwaOptions;
pub use target_scale::{TargetScale, TargetScaling};
pub use train_config::TrainConfig;
pub use train_test::{train_test_split, train_test_split_for, TrainTest};
pub use trainer::Trainer;
pub use traits::{Fit, PartialFit, Predict, PredictProba, Score};
pub use unit_health::UnitRecord;
pub use vae::Vae;
pub use warning::Warning;
