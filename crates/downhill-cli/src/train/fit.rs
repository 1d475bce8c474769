//! The one place the CLI calls an estimator: build the chosen estimator from its settings, run
//! `fit_with` with the hooks (progress, Ctrl-C flag, checkpoints, resume), and keep what the
//! commands need: the model, the history and the settings as recorded in the model file.
use crate::args::ModelArg;
use crate::error::CliError;
use downhill_data::Task;
use downhill_learn::{
    Estimator, Fit, History, Hooks, LinearRegression, LinearSvm, LogisticRegression, MlpClassifier,
    MlpRegressor, MlpShape, Model, RegressionLoss, SoftmaxRegression, TargetScaling, Tensor, TrainConfig,
};

/// Everything that decides a training run's result.
#[derive(Clone, Debug)]
pub struct Recipe {
    pub model: ModelArg,
    pub task: Task,
    pub shape: MlpShape,
    pub loss: RegressionLoss,
    /// Standardised or raw targets (regressors only).
    pub target_scaling: TargetScaling,
    pub train: TrainConfig,
}

/// A finished run.
#[derive(Debug)]
pub struct Trained {
    pub model: Model,
    pub history: History,
    /// The estimator and its settings, as `Fitted::info` records them.
    pub training: serde_json::Value,
}

/// The estimator's default settings (scikit-learn's choices; see downhill-learn).
pub fn default_config(model: ModelArg, task: Task) -> TrainConfig {
    match (model, task) {
        (ModelArg::Linear, _) => LinearRegression::default().train,
        (ModelArg::Logistic, _) => LogisticRegression::default().train,
        (ModelArg::Softmax, _) => SoftmaxRegression::default().train,
        (ModelArg::Svm, _) => LinearSvm::default().train,
        (ModelArg::Mlp, Task::Classification { .. }) => MlpClassifier::default().train,
        (ModelArg::Mlp, Task::Regression) => MlpRegressor::default().train,
    }
}

/// Trains `r` on `x`, `y`.
pub fn fit(r: &Recipe, x: &Tensor, y: &Tensor, hooks: Hooks<'_>) -> Result<Trained, CliError> {
    let (train, target_scaling) = (r.train.clone(), r.target_scaling);
    match (r.model, r.task) {
        (ModelArg::Linear, _) => run(LinearRegression { loss: r.loss, target_scaling, train }, x, y, hooks),
        (ModelArg::Logistic, _) => run(LogisticRegression { train }, x, y, hooks),
        (ModelArg::Softmax, _) => run(SoftmaxRegression { train }, x, y, hooks),
        (ModelArg::Svm, _) => run(LinearSvm { train }, x, y, hooks),
        (ModelArg::Mlp, Task::Classification { .. }) => {
            run(MlpClassifier { shape: r.shape.clone(), train }, x, y, hooks)
        }
        (ModelArg::Mlp, Task::Regression) => {
            run(MlpRegressor { shape: r.shape.clone(), target_scaling, train }, x, y, hooks)
        }
    }
}

fn run<E: Estimator>(e: E, x: &Tensor, y: &Tensor, hooks: Hooks<'_>) -> Result<Trained, CliError> {
    let fitted = e.fit_with(x, y, hooks)?;
    let history = fitted.history().clone();
    let training = fitted.info().training;
    Ok(Trained { model: fitted.into_model(), history, training })
}
