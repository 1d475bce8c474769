//! The estimator API, in linfa's style: a params value `fit`s data and returns a new fitted value,
//! which predicts. Everything that can fail on user data returns `Result`.
use crate::progress::Hooks;
use crate::{EpochRecord, LearnError};
use downhill_tensor::Tensor;

/// A params value that trains a model. `x` is [n, features]; `y` is [n, 1] (or `[n]`) with target
/// values (regression) or class ids 0..k as f32 (classification).
pub trait Fit {
    /// What `fit` returns: the trained model with its history.
    type Fitted;
    /// Trains with runtime hooks: progress callback, stop flag, checkpoints, resume.
    fn fit_with(&self, x: &Tensor, y: &Tensor, hooks: Hooks<'_>) -> Result<Self::Fitted, LearnError>;
    /// Trains with no hooks; errors on bad settings or data (shapes, non-finite values, labels), naming the
    /// problem.
    fn fit(&self, x: &Tensor, y: &Tensor) -> Result<Self::Fitted, LearnError> {
        self.fit_with(x, y, Hooks::default())
    }
}

/// Predicted values, or class ids as f32; [n, 1].
pub trait Predict {
    /// Predictions for the rows of `x` ([n, features]); errors when `x` has another width than the model was
    /// trained on.
    fn predict(&self, x: &Tensor) -> Result<Tensor, LearnError>;
}

/// Class probabilities, [n, classes] (binary models give both columns, like scikit-learn).
pub trait PredictProba {
    /// Probabilities for the rows of `x`; each row sums to 1.
    fn predict_proba(&self, x: &Tensor) -> Result<Tensor, LearnError>;
}

/// Accuracy for classifiers, R² for regressors (scikit-learn's `score`).
pub trait Score {
    /// The score of predictions on `x` against targets `y`: accuracy in [0, 1] or R² (at most 1).
    fn score(&self, x: &Tensor, y: &Tensor) -> Result<f64, LearnError>;
}

/// Streaming: one pass over the given rows, keeping the optimizer state between calls.
pub trait PartialFit {
    /// One epoch over the rows given, continuing from the current weights and optimizer state; the epoch's
    /// record.
    fn partial_fit(&mut self, x: &Tensor, y: &Tensor) -> Result<EpochRecord, LearnError>;
}
