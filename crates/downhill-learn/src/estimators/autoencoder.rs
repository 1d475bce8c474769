//! Autoencoder: a network trained to reconstruct its inputs, f(x) ≈ x, with the squared loss
//! (1/(n·d)) Σ ‖f(x_i) − x_i‖², torch's `MSELoss()` over every entry. It has no target: `y` is `x`
//! itself ([n, d]), and the network has one output per input. Its reconstruction error is
//! `anomaly::AnomalyScore::Reconstruction`. The validation metric is R² averaged over the d
//! columns (scikit-learn's `r2_score` of the reconstruction).
//! Defaults are the MLP regressor's (scikit-learn's MLP: Adam at lr 1e-3, batches of 200 rows,
//! L2 α = 1e-4, 200 epochs, tol 1e-4 over 10 epochs; one hidden layer of 100 relu units), with
//! the targets used as given: the inputs are already scaled by the preprocessing. Give a
//! bottleneck (`shape.hidden = [64, 16, 64]`, or a layer stack whose `linear` without a size maps
//! back to the input width) for a code narrower than the data.
use super::MlpShape;
use crate::estimator::Estimator;
use crate::{
    Architecture, EstimatorKind, Fit, Fitted, LearnError, MlpRegressor, Objective, Tensor, TrainConfig,
};
use serde::{Deserialize, Serialize};

/// A network trained to reconstruct its inputs (`fit_rows(x)`).
///
/// Defaults: the MLP regressor's (one hidden layer of 100 relu units, Adam at lr 1e-3, batches of
/// 200 rows, L2 α = 1e-4, at most 200 epochs with `tol` 1e-4 over 10 epochs, seed 0).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Autoencoder {
    /// The hidden layers (setters `hidden`, `activation`, `dropout`, `batch_norm`).
    pub shape: MlpShape,
    /// How it trains: optimizer, batches, stopping, penalty, seed (the setters below write it).
    pub train: TrainConfig,
}

impl Default for Autoencoder {
    fn default() -> Self {
        let MlpRegressor { shape, train, .. } = MlpRegressor::default();
        Autoencoder { shape, train }
    }
}

impl Autoencoder {
    /// Trains on the rows of `x`, each its own target.
    pub fn fit_rows(&self, x: &Tensor) -> Result<Fitted<Autoencoder>, LearnError> {
        self.fit(x, x)
    }
}

impl Estimator for Autoencoder {
    const KIND: EstimatorKind = EstimatorKind::Autoencoder;
    fn train_config(&self) -> &TrainConfig {
        &self.train
    }
    fn objective(&self) -> Objective {
        Objective::Squared
    }
    fn architecture(&self, features: usize, outputs: usize) -> Architecture {
        self.shape.architecture(features, outputs)
    }
    fn target_width(&self, features: usize) -> usize {
        features
    }
    fn check_params(&self) -> Result<(), LearnError> {
        self.shape.check()
    }
}

super::setters::train_setters!(Autoencoder, optimizer: "Adam, lr 1e-3 (torch's defaults)", batch: "200 rows", epochs: "200, and `tol` (no loss gain of 1e-4 in 10 epochs)", penalty: "`Penalty::L2(1e-4)`", solver: "first-order (the optimizer)");
super::setters::shape_setters!(Autoencoder);
