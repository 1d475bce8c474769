//! Errors for user input: hyperparameters, data handed to `fit`/`predict`, and resuming. Each
//! variant names the offending option or value and says what to do about it. Model-file errors
//! live in `ModelFileError` (model_file/error.rs).
use crate::{Misfit, ModelFileError, Task};
use downhill_nn::NnError;
use downhill_optim::OptimError;

/// Everything `fit`, `partial_fit`, `predict` and `score` can reject.
#[derive(Debug, thiserror::Error)]
pub enum LearnError {
    /// A hyperparameter outside its valid range.
    #[error("invalid {name} = {value}: must be {rule}")]
    InvalidParam { name: &'static str, rule: &'static str, value: String },
    /// `x` or `y` has the wrong rank or width.
    #[error("{what} has shape {actual}, expected {expected}")]
    BadShape { what: &'static str, expected: String, actual: String },
    /// No rows at all.
    #[error("no rows to {action}: give at least one sample")]
    Empty { action: &'static str },
    #[error("x has {x_rows} rows but y has {y_rows}: give one target per row")]
    RowMismatch { x_rows: usize, y_rows: usize },
    /// NaN or infinity in the data; row and column count from 0.
    #[error("{what} has a non-finite value {value} at row {row}, column {col}: impute or drop it first")]
    NonFinite { what: &'static str, row: usize, col: usize, value: f32 },
    /// A target that is not a class id `0..classes` (classification) or not ±1-mappable.
    #[error("{what}, row {}, column {}: {value} is not a token id for the embedding: expected a whole number in [0, {n}) (ids must reach it unscaled: --scale none)", .row + 1, .col + 1)]
    BadTokenId { what: &'static str, row: usize, col: usize, value: f32, n: usize },
    #[error("target {value} at row {row} is not a class id: expected an integer in 0..{classes}")]
    BadLabel { row: usize, value: f32, classes: usize },
    #[error("only one class ({class}) in the targets: a classifier needs at least two")]
    SingleClass { class: usize },
    /// Binary estimators (logistic regression, linear SVM) given more than two classes.
    #[error("{estimator} is binary but the targets have {classes} classes: use softmax regression or the MLP classifier")]
    TooManyClasses { estimator: &'static str, classes: usize },
    /// Predicting on, or continuing training with, data of another width than the model's.
    #[error("the model expects {expected} features but the data has {found}")]
    FeatureMismatch { expected: usize, found: usize },
    /// An estimator family named for a task it cannot learn (`ModelFamily::check_task`).
    #[error("{model} does not fit {}: {}", task_text(*.task), misfit_text(*.misfit))]
    ModelDoesNotFit { model: &'static str, task: Task, misfit: Misfit },
    /// `predict_proba` on a model whose outputs are not probabilities.
    #[error("{estimator} does not give probabilities: use predict (or logistic/softmax regression or the MLP classifier)")]
    NoProbabilities { estimator: &'static str },
    /// `partial_fit` hit a non-finite loss; the parameters are those before the failing step.
    #[error("{reason}")]
    Diverged { reason: String },
    /// The validation split (or stratification) leaves no rows to train on.
    #[error("validation_fraction {fraction} leaves {train} training rows out of {rows}: lower it or give more data")]
    TooFewRows { fraction: f64, rows: usize, train: usize },
    /// Resuming from a checkpoint written for another configuration or data set.
    #[error("cannot resume: the checkpoint was written for {what}; resume with the same settings and data")]
    ResumeMismatch { what: String },
    /// Two parameters or buffers of a model share a name, so checkpoints and the best weights kept
    /// by early stopping could not tell them apart.
    #[error("two parameters or buffers are named `{name}`: give each part of the model its own prefix (Module::prefix_names)")]
    DuplicateName { name: String },
    /// Starting weights that do not fit the model.
    #[error("{path}: cannot start from these weights: {problem}")]
    InitFrom { path: std::path::PathBuf, problem: String },
    #[error(transparent)]
    Optim(#[from] OptimError),
    #[error(transparent)]
    Nn(#[from] NnError),
    #[error(transparent)]
    File(#[from] ModelFileError),
    #[error(transparent)]
    Data(#[from] downhill_data::DataError),
    /// A data-parallel run that cannot go on, found alike by every rank (distributed.rs): ranks
    /// that read different data, or settings that train on one process only.
    #[error("{0}")]
    Distributed(String),
    /// A language-model file, prompt or setting that cannot be used, said in one line.
    #[error("{0}")]
    Text(String),
}

fn task_text(task: Task) -> String {
    match task {
        Task::Regression => "a regression target".into(),
        Task::Classification { classes } => format!("a target with {classes} classes"),
    }
}

fn misfit_text(m: Misfit) -> &'static str {
    match m {
        Misfit::NeedsClassification => "it is a classifier",
        Misfit::NeedsRegression => "it is a regressor",
        Misfit::Binary => "it is binary",
        Misfit::Targetless => "it has no target (it reconstructs its inputs)",
    }
}

impl LearnError {
    pub(crate) fn invalid(name: &'static str, rule: &'static str, value: impl ToString) -> LearnError {
        LearnError::InvalidParam { name, rule, value: value.to_string() }
    }
}

/// Checks `value` is finite and in `[lo, hi]`; the error names `name`.
pub(crate) fn check_range(
    name: &'static str,
    rule: &'static str,
    value: f64,
    lo: f64,
    hi: f64,
) -> Result<(), LearnError> {
    if value.is_finite() && (lo..=hi).contains(&value) {
        return Ok(());
    }
    Err(LearnError::invalid(name, rule, value))
}
