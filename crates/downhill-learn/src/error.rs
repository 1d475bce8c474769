//! Errors for user input: hyperparameters, data handed to `fit`/`predict`, and resuming. Each
//! variant names the offending option or value and says what to do about it. Model-file errors
//! live in `ModelFileError` (model_file/error.rs).
use crate::{Misfit, ModelFamily, ModelFileError, Task};
use downhill_nn::NnError;
use downhill_optim::OptimError;

/// Everything `fit`, `partial_fit`, `predict` and `score` can reject.
#[derive(Debug, thiserror::Error)]
pub enum LearnError {
    /// A hyperparameter outside its valid range.
    #[error("invalid {name} = {value}: must be {rule}")]
    InvalidParam {
        /// The hyperparameter, as the CLI and model files name it (`lr`, `validation_fraction`).
        name: &'static str,
        /// The accepted range, in words (`in (0, 1)`).
        rule: &'static str,
        /// The value given, as text.
        value: String,
    },
    /// A setting outside its range, the range stated once (downhill-optim's `Range`), so a caller
    /// can word it as it does the optimizers' (`accepted: integers >= 1`).
    #[error("invalid {name} = {value}: must be {}", range.rule())]
    OutOfRange {
        /// The setting, as the CLI and model files name it (`max_epochs`, `patience`).
        name: &'static str,
        /// The accepted values.
        range: downhill_optim::Range,
        /// The value given, as text.
        value: String,
    },
    /// A model option given to an estimator that does not take it.
    #[error("{option} does not apply to {}; it applies to {}", .family.name(), .applies.owners(" or "))]
    OptionNotTaken {
        /// The option (`dropout`).
        option: &'static str,
        /// The estimator chosen.
        family: ModelFamily,
        /// Who takes it.
        applies: crate::Applies,
    },
    /// `x` or `y` has the wrong rank or width.
    #[error("{what} has shape {actual}, expected {expected}")]
    BadShape {
        /// Which input (`x`, `y`).
        what: &'static str,
        /// The shape required (`[n, 4]`).
        expected: String,
        /// The shape given.
        actual: String,
    },
    /// No rows at all.
    #[error("no rows to {action}: give at least one sample")]
    Empty {
        /// What needed rows (`fit`, `predict`).
        action: &'static str,
    },
    /// `x` and `y` have different numbers of rows.
    #[error("x has {x_rows} rows but y has {y_rows}: give one target per row")]
    RowMismatch {
        /// Rows of `x`.
        x_rows: usize,
        /// Rows of `y`.
        y_rows: usize,
    },
    /// NaN or infinity in the data; row and column count from 0.
    #[error("{what} has a non-finite value {value} at row {row}, column {col}: impute or drop it first")]
    NonFinite {
        /// Which input (`x`, `y`).
        what: &'static str,
        /// The row, from 0.
        row: usize,
        /// The column, from 0.
        col: usize,
        /// The value found (NaN or ±inf).
        value: f32,
    },
    /// A value fed to an embedding that is not a token id in `0..n`; the message counts rows and
    /// columns from 1.
    #[error("{what}, row {}, column {}: {value} is not a token id for the embedding: expected a whole number in [0, {n}) (ids must reach it unscaled: --scale none)", .row + 1, .col + 1)]
    BadTokenId {
        /// Which input (`x`).
        what: &'static str,
        /// The row, from 0.
        row: usize,
        /// The column, from 0.
        col: usize,
        /// The value found.
        value: f32,
        /// The embedding's vocabulary size: ids must be in `0..n`.
        n: usize,
    },
    /// A value outside [0, 1] given to a model of values in [0, 1] (the VAE's Bernoulli decoder);
    /// the message counts rows and columns from 1.
    #[error("{what}, row {}, column {}: {value} lies outside [0, 1], the values a {model} models: scale the features into [0, 1] (--scale minmax, or global-minmax for pixels)", .row + 1, .col + 1)]
    OutsideUnitInterval {
        /// Which input (`x`).
        what: &'static str,
        /// The model that needs [0, 1].
        model: &'static str,
        /// The row, from 0.
        row: usize,
        /// The column, from 0.
        col: usize,
        /// The value found.
        value: f32,
    },
    /// A classification target that is not a class id `0..classes`.
    #[error("target {value} at row {row} is not a class id: expected an integer in 0..{classes}")]
    BadLabel {
        /// The row, from 0.
        row: usize,
        /// The target found.
        value: f32,
        /// The number of classes the model has.
        classes: usize,
    },
    /// Classification targets that are all one class.
    #[error("only one class ({class}) in the targets: a classifier needs at least two")]
    SingleClass {
        /// That class.
        class: usize,
    },
    /// Binary estimators (logistic regression, linear SVM) given more than two classes.
    #[error("{estimator} is binary but the targets have {classes} classes: use softmax regression or the MLP classifier")]
    TooManyClasses {
        /// The estimator's name.
        estimator: &'static str,
        /// The classes in the targets.
        classes: usize,
    },
    /// Predicting on, or continuing training with, data of another width than the model's.
    #[error("the model expects {expected} features but the data has {found}")]
    FeatureMismatch {
        /// The model's input features.
        expected: usize,
        /// The data's columns.
        found: usize,
    },
    /// An estimator family named for a task it cannot learn (`ModelFamily::check_task`).
    #[error("{model} does not fit {}: {}", task_text(*.task), misfit_text(*.misfit))]
    ModelDoesNotFit {
        /// The family's name (`logistic`).
        model: &'static str,
        /// The task the targets describe.
        task: Task,
        /// Why the family cannot learn it.
        misfit: Misfit,
    },
    /// `predict_proba` on a model whose outputs are not probabilities.
    #[error("{estimator} does not give probabilities: use predict (or logistic/softmax regression or the MLP classifier)")]
    NoProbabilities {
        /// The estimator's name.
        estimator: &'static str,
    },
    /// `partial_fit` hit a non-finite loss; the parameters are those before the failing step.
    #[error("{reason}")]
    Diverged {
        /// What became non-finite, and where.
        reason: String,
    },
    /// The validation split (or stratification) leaves no rows to train on.
    #[error("validation_fraction {fraction} leaves {train} training rows out of {rows}: lower it or give more data")]
    TooFewRows {
        /// The validation fraction asked for.
        fraction: f64,
        /// All rows given.
        rows: usize,
        /// The rows left to train on.
        train: usize,
    },
    /// Resuming from a checkpoint written for another configuration or data set.
    #[error("cannot resume: the checkpoint was written for {what}; resume with the same settings and data")]
    ResumeMismatch {
        /// What differs (the setting or data that the checkpoint was written for).
        what: String,
    },
    /// Two parameters or buffers of a model share a name, so checkpoints and the best weights kept
    /// by early stopping could not tell them apart.
    #[error("two parameters or buffers are named `{name}`: give each part of the model its own prefix (Module::prefix_names)")]
    DuplicateName {
        /// The shared name.
        name: String,
    },
    /// Starting weights that do not fit the model.
    #[error("{path}: cannot start from these weights: {problem}")]
    InitFrom {
        /// The weights file.
        path: std::path::PathBuf,
        /// What does not fit (a missing or misshapen parameter).
        problem: String,
    },
    /// An option that works only with another's value: `rule` says how, `{}` standing for
    /// `other` (`n_iter_no_change` `needs {} to be a number, not none`, `other` being `tol`).
    #[error("{option} {}", rule.replace("{}", other))]
    Needs {
        /// The option that cannot be used this way.
        option: &'static str,
        /// The option it depends on.
        other: &'static str,
        /// What it needs of `other`, `{}` standing for its name.
        rule: &'static str,
    },
    /// A data option that does not fit the file (`DataPlan::prepare`): `message` says how, `{}`
    /// standing for the option (`{}: no column named 'lable'; ...`, the option `target`).
    #[error("{}", message.replace("{}", option))]
    DataOption {
        /// The option (`target`, `task`).
        option: &'static str,
        /// What is wrong and the fix.
        message: String,
    },
    /// Test rows that do not fit the data (`holdout::split_test_rows`).
    #[error("{option} {problem}")]
    TestSplit {
        /// The option that chose them (`test_rows`, `test_fraction`).
        option: &'static str,
        /// What is wrong and the fix.
        problem: String,
    },
    /// An optimizer or schedule setting rejected by downhill-optim (it names the option).
    #[error(transparent)]
    Optim(#[from] OptimError),
    /// A layer or network setting rejected by downhill-nn.
    #[error(transparent)]
    Nn(#[from] NnError),
    /// A model, checkpoint or weights file that cannot be read or written.
    #[error(transparent)]
    File(#[from] ModelFileError),
    /// Data that downhill-data cannot read or prepare.
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

/// `value` must lie in `range`; the error names `name`.
pub(crate) fn check_in(
    name: &'static str,
    range: downhill_optim::Range,
    value: f64,
) -> Result<(), LearnError> {
    match range.accepts(value) {
        true => Ok(()),
        false => Err(LearnError::OutOfRange { name, range, value: value.to_string() }),
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
