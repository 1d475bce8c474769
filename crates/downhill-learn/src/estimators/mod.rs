//! The estimators, one per file. Each is a params value (public fields, `Default` with documented
//! choices) whose `fit` returns a `Fitted<Self>`.
mod autoencoder;
mod linear_regression;
mod linear_svm;
mod logistic_regression;
mod mlp_classifier;
mod mlp_regressor;
mod mlp_shape;
mod setters;
mod softmax_regression;

pub use autoencoder::Autoencoder;
pub use linear_regression::{LinearRegression, RegressionLoss};
pub use linear_svm::LinearSvm;
pub use logistic_regression::LogisticRegression;
pub use mlp_classifier::MlpClassifier;
pub use mlp_regressor::MlpRegressor;
pub use mlp_shape::MlpShape;
pub use softmax_regression::SoftmaxRegression;

use crate::{BatchSize, OptimizerConfig, OptimizerSettings, Penalty, Solver, TrainConfig};

/// The default of logistic and softmax regression: scikit-learn's `LogisticRegression()` objective
/// (L2 with C = 1: mean loss + ‖w‖²/(2·n), the intercept unpenalised) solved to its optimum by
/// full-batch L-BFGS with a strong-Wolfe line search, as scikit-learn's lbfgs solver does. An epoch
/// is one outer step of 20 iterations; the run ends when L-BFGS meets its tolerances (2 to 4
/// epochs on the shipped data sets), where scikit-learn stops at 100 iterations, converged or not.
/// The stopping rules are `linear_defaults`' (200 epochs, tol 1e-4 over 10), and so are the batches
/// and the optimizer a first-order `solver` would use (Adam at 0.01, batches of 32).
pub(crate) fn optimum_defaults() -> TrainConfig {
    TrainConfig { solver: Solver::lbfgs(), penalty: Penalty::C(1.0), ..linear_defaults() }
}

/// Shared default for the linear classifiers (logistic, softmax, svm; linear regression has its
/// own, see linear_regression.rs): Adam at lr 0.01, batches of 32 rows, the default
/// stopping rules (200 epochs, tol 1e-4 over 10 epochs).
pub(crate) fn linear_defaults() -> TrainConfig {
    let optimizer = OptimizerSettings::new(OptimizerConfig::default().with_lr(0.01));
    TrainConfig { optimizer, batch_size: BatchSize::Rows(32), ..TrainConfig::default() }
}
