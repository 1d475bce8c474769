//! Multi-layer perceptron regressor.
//! Defaults follow scikit-learn's MLP: Adam at lr 1e-3, batches of 200 rows, L2 penalty α = 1e-4,
//! 200 epochs, tol 1e-4 over 10 epochs; with one departure: targets are standardised
//! (`target_scaling: TargetScaling::Standard`). The network is fitted to z = (y − μ) / σ, μ, σ from
//! the training rows, and predictions are mapped back, ŷ = μ + σ · ẑ, so `predict`, `score` and the
//! metrics are in y's units. scikit-learn's `MLPRegressor` trains on raw y (our
//! `TargetScaling::None`); wrapping it in `TransformedTargetRegressor(..., transformer=StandardScaler())`
//! gives what we do. With raw targets in the hundreds, lr 1e-3 needs thousands of epochs just to move
//! the output bias to the mean. The losses in the history are in standardised units (see
//! target_scale.rs).
use super::MlpShape;
use crate::estimator::Estimator;
use crate::{
    Architecture, BatchSize, EstimatorKind, LearnError, Objective, Penalty, TargetScaling, TrainConfig,
};
use serde::{Deserialize, Serialize};

/// A multi-layer perceptron regressor (mean squared error): scikit-learn's `MLPRegressor`, fitted
/// to standardised targets.
///
/// Defaults: one hidden layer of 100 relu units, Adam at lr 1e-3, batches of 200 rows, L2 penalty
/// α = 1e-4, at most 200 epochs with `tol` 1e-4 over 10 epochs, seed 0, targets standardised
/// (`TargetScaling::Standard`; predictions come back in y's units).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MlpRegressor {
    /// The hidden layers (setters `hidden`, `activation`, `dropout`, `batch_norm`).
    pub shape: MlpShape,
    /// Standardise targets for training (default) or use them as given.
    pub target_scaling: TargetScaling,
    /// How it trains: optimizer, batches, stopping, penalty, seed (the setters below write it).
    pub train: TrainConfig,
}

impl Default for MlpRegressor {
    fn default() -> Self {
        let train = TrainConfig {
            batch_size: BatchSize::Rows(200),
            penalty: Penalty::L2(1e-4),
            ..TrainConfig::default()
        };
        MlpRegressor { shape: MlpShape::default(), target_scaling: TargetScaling::Standard, train }
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
    fn target_scaling(&self) -> TargetScaling {
        self.target_scaling
    }
    fn check_params(&self) -> Result<(), LearnError> {
        self.shape.check()
    }
}

super::setters::train_setters!(MlpRegressor, optimizer: "Adam, lr 1e-3 (torch's defaults)", batch: "200 rows", epochs: "200, and `tol` (no loss gain of 1e-4 in 10 epochs)", penalty: "`Penalty::L2(1e-4)`", solver: "first-order (the optimizer)");
super::setters::shape_setters!(MlpRegressor);
