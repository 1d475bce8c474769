//! Multinomial (softmax) logistic regression: p(y = c | x) = softmax(x·Wᵀ + b)_c, trained on softmax
//! cross-entropy. Labels are class ids 0..k; predict gives the most probable class.
use crate::estimator::{Classifier, Estimator};
use crate::{Architecture, EstimatorKind, Objective, TrainConfig};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SoftmaxRegression {
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
