//! Binary logistic regression: p(y = 1 | x) = σ(x·wᵀ + b), trained on binary cross-entropy of
//! the logit (torch's BCEWithLogitsLoss, exact for large logits). Labels are 0 and 1; predict gives 1
//! where the logit is positive (p > 0.5).
use crate::estimator::{Classifier, Estimator};
use crate::{Architecture, EstimatorKind, Objective, TrainConfig};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LogisticRegression {
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
