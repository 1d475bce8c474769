//! The learning-rate range test (Smith 2017, "Cyclical Learning Rates for Training Neural
//! Networks", §3.3), as fastai's `lr_find` and PyTorch Lightning's `Tuner.lr_find` run it. From a
//! fresh model (the estimator's seed, optimizer and batches), one step per batch while the rate
//! grows exponentially:
//!   lr_i = start_lr · (end_lr / start_lr)^(i / (steps − 1)),   i = 0 … steps − 1
//! Each batch's loss is taken before its step and smoothed (fastai's bias-corrected average):
//!   a_i = β·a_{i−1} + (1 − β)·loss_i,  a_{−1} = 0;   smoothed_i = a_i / (1 − β^(i+1)),  β = 0.98
//! The test stops early when smoothed_i > 4 · min_{j<i} smoothed_j (divergence), or when a loss or
//! an update is not finite (that step is not recorded).
//! The suggestion is Lightning's `suggestion()`: the steepest descent of the smoothed curve,
//! skipping its first 10 points and its last,
//!   k = argmin_i ∇smoothed_i over 10 ≤ i < len − 1,   suggested lr = lr_k,
//! with ∇ numpy's `gradient` (central differences inside, one-sided at the ends). The rates are
//! equally spaced in log lr, so this is the steepest slope against log lr.
//! Defaults: Lightning's range (1e-8 to 1) and divergence threshold (4); the length is one pass over
//! the training rows, at least 100 steps (Lightning's `num_training`) so that small data still
//! gives a curve. The estimator's schedule and plateau rule are left out: the test sets the rate.
//! The model is thrown away; training afterwards starts afresh from the same seed.
use crate::estimator::{setup, Estimator};
use crate::health_monitor::{HealthMonitor, HealthSampling};
use crate::step_batches::step_input;
use crate::train_step::{train_step, StepOutcome};
use crate::{Frozen, LearnError, ScheduleConfig};
use downhill_tensor::Tensor;
use serde::Serialize;

const SKIP_BEGIN: usize = 10;
const SKIP_END: usize = 1;

/// The range test's settings; `Default` is Lightning's range and threshold, fastai's smoothing.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LrRangeTest {
    /// The first rate tried (default 1e-8, Lightning's `min_lr`); > 0.
    pub start_lr: f64,
    /// The last rate tried (default 1, Lightning's `max_lr`); > `start_lr`.
    pub end_lr: f64,
    /// Steps; `None`: one pass over the training rows, at least 100.
    pub steps: Option<usize>,
    /// β of the loss's moving average, in [0, 1).
    pub smoothing: f64,
    /// Stop when the smoothed loss exceeds this multiple of its minimum so far (> 1).
    pub diverge_factor: f64,
}

impl Default for LrRangeTest {
    fn default() -> Self {
        LrRangeTest { start_lr: 1e-8, end_lr: 1.0, steps: None, smoothing: 0.98, diverge_factor: 4.0 }
    }
}

impl LrRangeTest {
    /// The fewest steps of a test whose length is left to the data (Lightning's `num_training`).
    pub const MIN_DEFAULT_STEPS: usize = 100;

    /// Checks the settings; the error names the first bad one.
    pub fn validate(&self) -> Result<(), LearnError> {
        let positive = |v: f64| v.is_finite() && v > 0.0;
        if !positive(self.start_lr) {
            return Err(LearnError::invalid("start_lr", "a finite number > 0", self.start_lr));
        }
        if !positive(self.end_lr) || self.end_lr <= self.start_lr {
            return Err(LearnError::invalid("end_lr", "a finite number > start_lr", self.end_lr));
        }
        if self.steps.is_some_and(|s| s < 2) {
            return Err(LearnError::invalid("steps", "an integer >= 2", self.steps.unwrap_or(0)));
        }
        if !(0.0..1.0).contains(&self.smoothing) {
            return Err(LearnError::invalid("smoothing", "in [0, 1)", self.smoothing));
        }
        if !(self.diverge_factor.is_finite() && self.diverge_factor > 1.0) {
            return Err(LearnError::invalid("diverge_factor", "a finite number > 1", self.diverge_factor));
        }
        Ok(())
    }
}

/// How the test ended.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "reason")]
pub enum LrTestEnd {
    /// Every step ran.
    Completed,
    /// The smoothed loss passed `diverge_factor` times its minimum (at the last recorded rate).
    Diverged,
    /// The loss or an update at this rate was not finite.
    NonFinite {
        /// The rate of the failing step.
        lr: f64,
    },
}

/// The recorded curve: per step its rate, its batch's loss and the smoothed loss.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LrCurve {
    /// The rate of each step, growing exponentially from `start_lr`.
    pub lrs: Vec<f64>,
    /// Each step's batch loss, before its update.
    pub losses: Vec<f64>,
    /// The loss's bias-corrected moving average (`smoothing`).
    pub smoothed: Vec<f64>,
    /// The rate of steepest descent; `None` when the curve is too short (it diverged early).
    pub suggestion: Option<f64>,
    /// How the test ended.
    pub end: LrTestEnd,
}

/// Runs the range test for `e` on `x`, `y` (its training rows: the validation fraction is held
/// out as training would).
pub fn lr_find<E: Estimator>(
    e: &E,
    x: &Tensor,
    y: &Tensor,
    test: &LrRangeTest,
) -> Result<LrCurve, LearnError> {
    test.validate()?;
    if !e.train_config().solver.is_first_order() {
        let rule =
            "a first-order optimizer: the range test sets the rate of batch steps, and L-BFGS picks its own";
        return Err(LearnError::invalid("solver", rule, "L-BFGS"));
    }
    let mut config = e.train_config().clone();
    config.optimizer.optimizer = config.optimizer.optimizer.with_lr(test.start_lr);
    config.optimizer.schedule = ScheduleConfig::Constant;
    config.optimizer.plateau = None;
    let (split, mut model, mut s) = setup(e, &config, x, y, 1)?;
    let criterion = e.objective();
    let mut net = Frozen::new(model.net_mut(), &config.freeze)?;
    let mut health = HealthMonitor::new(&net, HealthSampling::Off);
    let n = split.train_rows();
    let group = config.accumulate.max(1);
    let steps = test.steps.unwrap_or_else(|| {
        config.batch_size.per_epoch(n).div_ceil(group).max(LrRangeTest::MIN_DEFAULT_STEPS)
    });
    let growth = (test.end_lr / test.start_lr).powf(1.0 / (steps - 1) as f64);
    let mut curve = LrCurve {
        lrs: vec![],
        losses: vec![],
        smoothed: vec![],
        suggestion: None,
        end: LrTestEnd::Completed,
    };
    let (mut average, mut best) = (0.0, f64::INFINITY);
    'passes: for pass in 0.. {
        let plan = config.batch_size.plan(n, config.seed, pass, true);
        for part in plan.chunks(group) {
            let lr = s.lr();
            let StepOutcome::Done(loss) =
                train_step(&mut net, &criterion, &mut s, &mut health, &step_input(&split, part, &config))
            else {
                curve.end = LrTestEnd::NonFinite { lr };
                break 'passes;
            };
            let i = curve.lrs.len();
            average = test.smoothing * average + (1.0 - test.smoothing) * loss;
            let smoothed = average / (1.0 - test.smoothing.powi(i as i32 + 1));
            curve.lrs.push(lr);
            curve.losses.push(loss);
            curve.smoothed.push(smoothed);
            if i > 0 && smoothed > test.diverge_factor * best {
                curve.end = LrTestEnd::Diverged;
                break 'passes;
            }
            best = best.min(smoothed);
            if i + 1 == steps {
                break 'passes;
            }
            s.optimizer.scale_lr(growth);
        }
    }
    downhill_tensor::release_buffers();
    curve.suggestion = steepest_descent(&curve.smoothed).map(|k| curve.lrs[k]);
    Ok(curve)
}

/// The index of the steepest descent of `smoothed` (see the top of the file), or `None` when fewer
/// than two points remain after the skips.
pub fn steepest_descent(smoothed: &[f64]) -> Option<usize> {
    let end = smoothed.len().checked_sub(SKIP_END)?;
    let kept = smoothed.get(SKIP_BEGIN..end).filter(|k| k.len() >= 2)?;
    let m = kept.len();
    let slope = |i: usize| match i {
        0 => kept[1] - kept[0],
        _ if i == m - 1 => kept[m - 1] - kept[m - 2],
        _ => (kept[i + 1] - kept[i - 1]) / 2.0,
    };
    let steepest = (0..m).min_by(|&a, &b| slope(a).total_cmp(&slope(b)))?;
    Some(steepest + SKIP_BEGIN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{BatchSize, LinearRegression};
    use downhill_tensor::Rng;

    #[test]
    fn the_suggestion_is_numpys_gradient_minimum_after_the_skips() {
        // 10 skipped points, then −1, −2, −4, −7, −8, −8.5, and a last point that is skipped too.
        // numpy.gradient of the kept points is [−1, −1.5, −2.5, −2, −0.75, −0.5]: the steepest
        // slope is at index 2 of the kept points, 12 of the curve.
        let mut curve = vec![100.0; 10];
        curve.extend([-1.0, -2.0, -4.0, -7.0, -8.0, -8.5, 50.0]);
        assert_eq!(steepest_descent(&curve), Some(12));
        assert_eq!(steepest_descent(&curve[..11]), None, "one kept point has no slope");
        assert_eq!(steepest_descent(&[]), None);
    }

    #[test]
    fn rates_grow_exponentially_and_a_divergence_ends_the_test() {
        // Full-batch least squares with SGD: stable while lr < 1 (the mean squared error's Hessian
        // is about 2I for these standard normal features), so a rate growing to 100 must diverge.
        let mut rng = Rng::seed(3);
        let x = Tensor::rand_normal([256, 2], 0.0, 1.0, &mut rng);
        let y = x.matmul(&Tensor::from_rows(&[[1.5], [-0.5]]).unwrap());
        let mut e = LinearRegression::default();
        e.train.batch_size = BatchSize::Full;
        e.train.optimizer.optimizer =
            crate::OptimizerConfig::from_kind(downhill_optim::OptimizerKind::Sgd).unwrap();
        let test = LrRangeTest { start_lr: 1e-4, end_lr: 100.0, steps: Some(120), ..LrRangeTest::default() };
        let curve = lr_find(&e, &x, &y, &test).unwrap();
        assert_eq!(curve.end, LrTestEnd::Diverged);
        assert!(curve.lrs.len() < 120, "stopped early at {} steps", curve.lrs.len());
        let growth = (100.0f64 / 1e-4).powf(1.0 / 119.0);
        for (i, lr) in curve.lrs.iter().enumerate() {
            // The rate is scaled step by step: f64 products, 1e-9 relative.
            let want = 1e-4 * growth.powi(i as i32);
            assert!((lr - want).abs() <= 1e-9 * want, "step {i}: {lr} vs {want}");
        }
        let s = curve.suggestion.expect("a suggestion");
        // The loss falls fastest around lr 0.01-0.1 (full batch: no noise) and the run diverges
        // near lr 5; the smoothed curve lags the raw one by its time constant, 1/(1 − β) = 50 steps.
        assert!((1e-2..0.5).contains(&s), "the steepest descent lies well below the divergence: {s}");
        let default = LrRangeTest::default();
        assert!(lr_find(&e, &x, &y, &LrRangeTest { end_lr: 1e-9, ..default }).is_err());
    }
}
