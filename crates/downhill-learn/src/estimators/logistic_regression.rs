//! Binary logistic regression: p(y = 1 | x) = σ(x·wᵀ + b), trained on binary cross-entropy of
//! the logit (torch's BCEWithLogitsLoss, exact for large logits). Labels are 0 and 1; predict gives 1
//! where the logit is positive (p > 0.5).
use crate::estimator::{Classifier, Estimator};
use crate::{Architecture, EstimatorKind, Objective, TrainConfig};
use serde::{Deserialize, Serialize};

/// Binary logistic regression (labels 0 and 1): scikit-learn's `LogisticRegression()`.
///
/// Defaults: L2 penalty with C = 1 solved to the optimum by full-batch L-BFGS (the first-order
/// optimizer, Adam at lr 0.01 in batches of 32, is used only with `solver(Solver::FirstOrder)`),
/// at most 200 epochs with `tol` 1e-4 over 10 epochs, seed 0.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LogisticRegression {
    /// How it trains: optimizer, batches, stopping, penalty, seed (the setters below write it).
    pub train: TrainConfig,
}

impl Default for LogisticRegression {
    fn default() -> Self {
        LogisticRegression { train: super::optimum_defaults() }
    }
}

impl Estimator for LogisticRegression {
    const KIND: EstimatorKind = EstimatorKind::LogisticRegression;
    fn train_config(&self) -> &TrainConfig {
        &self.train
    }
    fn objective(&self) -> Objective {
        Objective::Logistic
    }
    fn architecture(&self, features: usize, outputs: usize) -> Architecture {
        Architecture::linear(features, outputs)
    }
}

impl Classifier for LogisticRegression {}

super::setters::train_setters!(LogisticRegression, optimizer: "Adam, lr 0.01 (used with `solver(Solver::FirstOrder)`)", batch: "32 rows (first-order solver)", epochs: "200, and `tol` (no loss gain of 1e-4 in 10 epochs)", penalty: "`Penalty::C(1.0)` (scikit-learn's `LogisticRegression()`)", solver: "L-BFGS, solved to the optimum");
