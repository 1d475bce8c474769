//! Multi-layer perceptron classifier
//! Defaults follow scikit-learn's MLP: Adam at lr 1e-3, batches of 200 rows, L2 penalty α = 1e-4,
//! 200 epochs, tol 1e-4 over 10 epochs.
use super::MlpShape;
use crate::estimator::{Classifier, Estimator};
use crate::{Architecture, BatchSize, EstimatorKind, LearnError, Objective, Penalty, TrainConfig};
use serde::{Deserialize, Serialize};

/// A multi-layer perceptron classifier (softmax cross-entropy): scikit-learn's `MLPClassifier`.
///
/// Defaults (scikit-learn's): one hidden layer of 100 relu units, Adam at lr 1e-3, batches of 200
/// rows, L2 penalty α = 1e-4, at most 200 epochs with `tol` 1e-4 over 10 epochs, seed 0.
///
/// ```
/// use downhill_learn::MlpClassifier;
/// let clf = MlpClassifier::new().hidden([16]).lr(0.01).epochs(300);
/// assert_eq!(clf.shape.hidden, [16]);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MlpClassifier {
    /// The hidden layers (setters `hidden`, `activation`, `dropout`, `batch_norm`).
    pub shape: MlpShape,
    /// How it trains: optimizer, batches, stopping, penalty, seed (the setters below write it).
    pub train: TrainConfig,
}

impl Default for MlpClassifier {
    fn default() -> Self {
        let train = TrainConfig {
            batch_size: BatchSize::Rows(200),
            penalty: Penalty::L2(1e-4),
            ..TrainConfig::default()
        };
        MlpClassifier { shape: MlpShape::default(), train }
    }
}

impl Estimator for MlpClassifier {
    const KIND: EstimatorKind = EstimatorKind::MlpClassifier;
    fn train_config(&self) -> &TrainConfig {
        &self.train
    }
    fn objective(&self) -> Objective {
        Objective::Multinomial
    }
    fn architecture(&self, features: usize, outputs: usize) -> Architecture {
        self.shape.architecture(features, outputs)
    }
    fn check_params(&self) -> Result<(), LearnError> {
        self.shape.check()
    }
}

impl Classifier for MlpClassifier {}

super::setters::train_setters!(MlpClassifier, optimizer: "Adam, lr 1e-3 (torch's defaults)", batch: "200 rows", epochs: "200, and `tol` (no loss gain of 1e-4 in 10 epochs)", penalty: "`Penalty::L2(1e-4)`", solver: "first-order (the optimizer)");
super::setters::shape_setters!(MlpClassifier);
