//! Linear support-vector machine by gradient descent (scikit-learn's `SGDClassifier(loss="hinge")`):
//! minimise mean max(0, 1 − t·(x·wᵀ + b)) + (α/2)‖w‖², with labels 0/1 mapped to t = −1/+1.
//! The default penalty is L2 with α = 1e-4 (scikit-learn's default). It gives margins, not
//! probabilities, so it is not a `Classifier` (no `predict_proba`).
use super::linear_defaults;
use crate::estimator::Estimator;
use crate::{Architecture, EstimatorKind, Objective, Penalty, TrainConfig};
use serde::{Deserialize, Serialize};

/// A linear support-vector machine (hinge loss, labels 0 and 1): scikit-learn's
/// `SGDClassifier(loss="hinge")`.
///
/// Defaults: Adam at lr 0.01, batches of 32 rows, L2 penalty α = 1e-4, at most 200 epochs with
/// `tol` 1e-4 over 10 epochs, seed 0.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LinearSvm {
    /// How it trains: optimizer, batches, stopping, penalty, seed (the setters below write it).
    pub train: TrainConfig,
}

impl Default for LinearSvm {
    fn default() -> Self {
        LinearSvm { train: TrainConfig { penalty: Penalty::L2(1e-4), ..linear_defaults() } }
    }
}

impl Estimator for LinearSvm {
    const KIND: EstimatorKind = EstimatorKind::LinearSvm;
    fn train_config(&self) -> &TrainConfig {
        &self.train
    }
    fn objective(&self) -> Objective {
        Objective::Hinge
    }
    fn architecture(&self, features: usize, outputs: usize) -> Architecture {
        Architecture::linear(features, outputs)
    }
}

super::setters::train_setters!(LinearSvm, optimizer: "Adam, lr 0.01", batch: "32 rows", epochs: "200, and `tol` (no loss gain of 1e-4 in 10 epochs)", penalty: "`Penalty::L2(1e-4)`", solver: "first-order (the optimizer)");
