//! The estimator API, in linfa's style: a params value `fit`s data and returns a new fitted value,
//! which predicts. Everything that can fail on user data returns `Result`.
use crate::progress::Hooks;
use crate::{EpochRecord, LearnError};
use downhill_tensor::Tensor;

/// A params value that trains a model. `x` is [n, features]; `y` is [n, 1] (or [n]) with target
/// values (regression) or class ids 0..k as f32 (classification).
pub trait Fit {
    type Fitted;
    /// Trains with runtime hooks: progress callback, stop flag, checkpoints, resume.
    fn fit_with(&self, x: &Tensor, y: &Tensor, hooks: Hooks<'_>) -> Result<Self::Fitted, LearnError>;
    fn fit(&self, x: &Tensor, y: &Tensor) -> Result<Self::Fitted, LearnError> {
        self.fit_with(x, y, Hooks::default())
    }
}

/// Predicted values, or class ids as f32; [n, 1].
pub trait Predict {
    fn predict(&self, x: &Tensor) -> Result<Tensor, LearnError>;
}

/// Class probabilities, [n, classes] (binary models give both columns, like scikit-learn).
pub trait PredictProba {
    fn predict_proba(&self, x: &Tensor) -> Result<Tensor, LearnError>;
}

/// Accuracy for classifiers, R² for regressors (scikit-learn's `score`).
pub trait Score {
    fn score(&self, x: &Tensor, y: &Tensor) -> Result<f64, LearnError>;
}

/// Streaming: one pass over the given rows, keeping the optimizer state between calls.
pub trait PartialFit {
    fn partial_fit(&mut self, x: &Tensor, y: &Tensor) -> Result<EpochRecord, LearnError>;
}
