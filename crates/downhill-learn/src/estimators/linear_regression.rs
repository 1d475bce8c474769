//! Linear regression by gradient descent: ŷ = x·wᵀ + b, minimising mean squared error or the Huber
//! loss (robust to outliers), plus the configured penalty (L2 gives ridge, L1 lasso).
use super::linear_defaults;
use crate::estimator::Estimator;
use crate::{Architecture, EstimatorKind, LearnError, Objective, TrainConfig};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegressionLoss {
    #[default]
    Squared,
    /// Quadratic within `delta` of the target, linear beyond (torch's `HuberLoss`).
    Huber { delta: f64 },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LinearRegression {
    pub loss: RegressionLoss,
    pub train: TrainConfig,
}

impl Default for LinearRegression {
    fn default() -> Self {
        LinearRegression { loss: RegressionLoss::Squared, train: linear_defaults() }
    }
}

impl Estimator for LinearRegression {
    const KIND: EstimatorKind = EstimatorKind::LinearRegression;
    fn train_config(&self) -> &TrainConfig {
        &self.train
    }
    fn objective(&self) -> Objective {
        match self.loss {
            RegressionLoss::Squared => Objective::Squared,
            RegressionLoss::Huber { delta } => Objective::Huber { delta },
        }
    }
    fn architecture(&self, features: usize, outputs: usize) -> Architecture {
        Architecture::linear(features, outputs)
    }
    fn check_params(&self) -> Result<(), LearnError> {
        match self.loss {
            RegressionLoss::Huber { delta } => {
                crate::error::check_range("huber_delta", "finite and > 0", delta, f64::MIN_POSITIVE, f64::MAX)
            }
            RegressionLoss::Squared => Ok(()),
        }
    }
}
