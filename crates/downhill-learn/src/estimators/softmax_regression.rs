//! Multinomial (softmax) logistic regression: p(y = c | x) = softmax(x·Wᵀ + b)_c, trained on softmax
//! cross-entropy. Labels are class ids 0..k; predict gives the most probable class.
use crate::estimator::{Classifier, Estimator};
use crate::{Architecture, EstimatorKind, Objective, TrainConfig};
use serde::{Deserialize, Serialize};

/// Multinomial logistic regression (class ids 0..k): scikit-learn's `LogisticRegression()`.
///
/// Defaults: L2 penalty with C = 1 solved to the optimum by full-batch L-BFGS (the first-order
/// optimizer, Adam at lr 0.01 in batches of 32, is used only with `solver(Solver::FirstOrder)`),
/// at most 200 epochs with `tol` 1e-4 over 10 epochs, seed 0.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SoftmaxRegression {
    /// How it trains: optimizer, batches, stopping, penalty, seed (the setters below write it).
    pub train: TrainConfig,
}

impl Default for SoftmaxRegression {
    fn default() -> Self {
        SoftmaxRegression { train: super::optimum_defaults() }
    }
}

impl Estimator for SoftmaxRegression {
    const KIND: EstimatorKind = EstimatorKind::SoftmaxRegression;
    fn train_config(&self) -> &TrainConfig {
        &self.train
    }
    fn objective(&self) -> Objective {
        Objective::Multinomial
    }
    fn architecture(&self, features: usize, outputs: usize) -> Architecture {
        Architecture::linear(features, outputs)
    }
}

impl Classifier for SoftmaxRegression {}

super::setters::train_setters!(SoftmaxRegression, optimizer: "Adam, lr 0.01 (used with `solver(Solver::FirstOrder)`)", batch: "32 rows (first-order solver)", epochs: "200, and `tol` (no loss gain of 1e-4 in 10 epochs)", penalty: "`Penalty::C(1.0)` (scikit-learn's `LogisticRegression()`)", solver: "L-BFGS, solved to the optimum");
