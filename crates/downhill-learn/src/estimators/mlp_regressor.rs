//! Multi-layer perceptron regressor
//! Defaults follow scikit-learn's MLP: Adam at lr 1e-3, batches of 200 rows, L2 penalty α = 1e-4,
//! 200 epochs, tol 1e-4 over 10 epochs.
use super::MlpShape;
use crate::estimator::Estimator;
use crate::{Architecture, BatchSize, EstimatorKind, LearnError, Objective, Penalty, TrainConfig};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MlpRegressor {
    pub shape: MlpShape,
    pub train: TrainConfig,
}

impl Default for MlpRegressor {
    fn default() -> Self {
        let train = TrainConfig {
            batch_size: BatchSize::Rows(200),
            penalty: Penalty::L2(1e-4),
            ..TrainConfig::default()
        };
        MlpRegressor { shape: MlpShape::default(), train }
    }
}

impl Estimator for MlpRegressor {
    const KIND: EstimatorKind = EstimatorKind::MlpRegressor;
    fn train_config(&self) -> &TrainConfig {
        &self.train
    }
    fn objective(&self) -> Objective {
        Objective::Squared
    }
    fn architecture(&self, features: usize, outputs: usize) -> Architecture {
        self.shape.architecture(features, outputs)
    }
    fn check_params(&self) -> Result<(), LearnError> {
        self.shape.check()
    }
}
