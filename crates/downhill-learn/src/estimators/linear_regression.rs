//! Linear regression by gradient descent: ŷ = x·wᵀ + b, minimising mean squared error or a Huber
//! loss (robust to outliers), plus the configured penalty (L2 gives ridge, L1 lasso).
//!
//! `LinearRegression::huber()` is scikit-learn's `HuberRegressor()`: its objective (the Huber loss
//! with ε = 1.35 in units of a scale σ estimated jointly, downhill-nn's `ScaledHuber`, plus
//! α‖w‖² with α = 1e-4 on the sum over rows, i.e. `Penalty::C(1 / (2α))` on the mean; the intercept
//! unpenalised) solved to its optimum by full-batch L-BFGS, on the targets as given. The objective
//! is scale-invariant, so standardising y would not change the fit but would scale α by σ_y.
//! `RegressionLoss::FixedHuber` is torch's `HuberLoss(δ)` instead, with δ fixed in the (by default
//! standardised) target's units.
//!
//! Targets are standardised by default (`target_scaling: TargetScaling::Standard`): the weights are
//! fitted to z = (y − μ) / σ with μ, σ from the training rows, and predictions are mapped back,
//! ŷ = μ + σ · ẑ, so `predict`, `score` and the metrics are in y's units. This is scikit-learn's
//! `TransformedTargetRegressor(..., transformer=StandardScaler())`; its `SGDRegressor` and
//! `MLPRegressor` train on raw y (`TargetScaling::None` here). The losses in the history are then in
//! standardised units, and Huber's δ is measured in standard deviations of y (see target_scale.rs).
//! For the squared loss (with or without L2) the optimum is the same either way: only how fast
//! descent reaches it changes.
//!
//! Default training (`LinearRegression::default().train`) differs from the classifiers' mini-batch
//! Adam at 0.01: batch gradient descent with Adam at lr 0.1 until ‖∇‖₂ < 1e-4 (at most 1000 epochs),
//! without the `tol` rule. Why, measured on diabetes (5 held-out splits, standardised targets):
//! - batches of 32 leave Adam bouncing around the optimum (test R² up to 0.04 off the least-squares
//!   value after 200 epochs); full batches have no gradient noise, so descent settles;
//! - full-batch Adam's loss is not monotone early on (it overshoots and comes back over ~10 epochs),
//!   which scikit-learn's `tol` rule (no gain of 1e-4 in 10 epochs) takes for convergence: it stopped
//!   at epoch 26 with R² 0.006 short. The gradient norm is the exact optimality test on full batches;
//! - lr 0.1 reaches ‖∇‖₂ < 1e-4 in 260-300 epochs, with test R² within 3e-4 of least squares; lr
//!   0.01 needs over 1000 epochs, and SGD (with or without momentum) is slowed by the correlated
//!   serum columns.
use crate::estimator::Estimator;
use crate::{
    Architecture, BatchSize, EstimatorKind, LearnError, Objective, OptimizerConfig, OptimizerSettings,
    Penalty, Solver, StoppingRules, TargetScaling, TrainConfig,
};
use serde::{Deserialize, Serialize};

/// The data loss of a regressor.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegressionLoss {
    /// Mean squared error, `mean((f(x) - y)^2)` (the default; torch's `MSELoss`): least squares.
    #[default]
    Squared,
    /// scikit-learn's `HuberRegressor` loss: quadratic within `epsilon`·σ of the target, linear
    /// beyond, σ estimated jointly (ε ≥ 1; scikit-learn's default 1.35).
    Huber {
        /// Residuals beyond `epsilon`·σ count linearly, ≥ 1 (scikit-learn default 1.35).
        epsilon: f64,
    },
    /// Quadratic within `delta` of the target, linear beyond (torch's `HuberLoss`). With target
    /// scaling (the default) `delta` is in standard deviations of y, not in y's units.
    FixedHuber {
        /// Where the loss turns from quadratic to linear, > 0 (torch `delta`, default 1.0).
        delta: f64,
    },
}

impl RegressionLoss {
    /// scikit-learn's `HuberRegressor` loss with its default `epsilon` (1.35).
    pub const HUBER: RegressionLoss = RegressionLoss::Huber { epsilon: 1.35 };
    /// torch's `HuberLoss` with its default `delta` (1.0).
    pub const FIXED_HUBER: RegressionLoss = RegressionLoss::FixedHuber { delta: 1.0 };
}

/// Linear regression by gradient descent, squared or Huber loss.
///
/// Defaults: squared loss, targets standardised (`TargetScaling::Standard`), full-batch Adam at
/// lr 0.1 until ‖∇‖₂ < 1e-4 or 1000 epochs, no penalty, seed 0 (why: see the module source).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LinearRegression {
    /// Squared (default), scikit-learn's Huber or torch's fixed-δ Huber.
    pub loss: RegressionLoss,
    /// Standardise targets for training (default) or use them as given.
    pub target_scaling: TargetScaling,
    /// How it trains: optimizer, batches, stopping, penalty, seed (the setters below write it).
    pub train: TrainConfig,
}

impl Default for LinearRegression {
    fn default() -> Self {
        LinearRegression {
            loss: RegressionLoss::Squared,
            target_scaling: TargetScaling::Standard,
            train: regression_defaults(),
        }
    }
}

impl LinearRegression {
    /// scikit-learn's `HuberRegressor()` (see the module header): the Huber loss with ε = 1.35 and
    /// a jointly estimated scale, α = 1e-4, on the targets as given, solved by full-batch L-BFGS.
    pub fn huber() -> LinearRegression {
        const ALPHA: f64 = 1e-4; // HuberRegressor's default
        LinearRegression {
            loss: RegressionLoss::HUBER,
            target_scaling: TargetScaling::None,
            train: TrainConfig {
                solver: Solver::lbfgs(),
                penalty: Penalty::C(1.0 / (2.0 * ALPHA)),
                ..regression_defaults()
            },
        }
    }
}

/// Full-batch Adam at lr 0.1, stopping at ‖∇‖₂ < 1e-4 or 1000 epochs (see the module header).
fn regression_defaults() -> TrainConfig {
    TrainConfig {
        optimizer: OptimizerSettings::new(OptimizerConfig::default().with_lr(0.1)),
        batch_size: BatchSize::Full,
        stopping: StoppingRules { grad_tol: Some(1e-4), ..StoppingRules::epochs(1000) },
        ..TrainConfig::default()
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
            RegressionLoss::Huber { epsilon } => Objective::ScaledHuber { epsilon },
            RegressionLoss::FixedHuber { delta } => Objective::Huber { delta },
        }
    }
    fn architecture(&self, features: usize, outputs: usize) -> Architecture {
        Architecture::linear(features, outputs)
    }
    fn target_scaling(&self) -> TargetScaling {
        self.target_scaling
    }
    fn check_params(&self) -> Result<(), LearnError> {
        match self.loss {
            RegressionLoss::Huber { epsilon } => {
                crate::error::check_range("huber_epsilon", "finite and >= 1", epsilon, 1.0, f64::MAX)
            }
            RegressionLoss::FixedHuber { delta } => {
                crate::error::check_range("huber_delta", "finite and > 0", delta, f64::MIN_POSITIVE, f64::MAX)
            }
            RegressionLoss::Squared => Ok(()),
        }
    }
}

super::setters::train_setters!(LinearRegression, optimizer: "Adam, lr 0.1", batch: "the full batch", epochs: "1000, and ‖∇‖₂ < 1e-4", penalty: "none", solver: "first-order (the optimizer)");
