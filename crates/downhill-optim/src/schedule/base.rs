//! The `Schedule` trait (a pure `step -> lr` function) and `Lr`, the shared handle transforms hold.
//!
//! `at(k)` is the learning rate in force for update `k` (counting from 0), i.e. torch's
//! `param_groups[0]["lr"]` after `k` calls of `scheduler.step()`. Being pure, a schedule resumes from
//! the saved step count alone and is tested as a table.
use std::fmt;
use std::sync::Arc;

/// A learning rate as a pure function of the step.
///
/// ```
/// use downhill_optim::{Exponential, Schedule};
/// let s = Exponential { base: 0.1, gamma: 0.5 };
/// assert!((s.at(2) - 0.025).abs() < 1e-15);
/// ```
pub trait Schedule: Send + Sync + fmt::Debug {
    /// The learning rate in force for update `step` (0-based): torch's lr after `step` calls of
    /// `scheduler.step()`.
    fn at(&self, step: u64) -> f64;
}

/// A shareable learning-rate source: a constant or any schedule. Options structs hold one, so
/// `lr: 0.01.into()` and `lr: Lr::new(Cosine { .. })` both work.
///
/// ```
/// use downhill_optim::{Lr, StepLr};
/// let constant: Lr = 0.01.into();
/// let halving = Lr::new(StepLr { base: 0.01, step_size: 10, gamma: 0.5 });
/// assert_eq!(constant.at(25), 0.01); // exact: the constant itself, no arithmetic
/// assert!((halving.at(25) - 0.0025).abs() < 1e-15, "{}", halving.at(25)); // 0.01 · 0.5 powf 2: f64, 1e-12 relative
/// ```
#[derive(Clone)]
pub struct Lr(Arc<dyn Schedule>);

impl Lr {
    /// A source that follows `schedule`.
    pub fn new(schedule: impl Schedule + 'static) -> Lr {
        Lr(Arc::new(schedule))
    }
    /// The rate for update `step`.
    pub fn at(&self, step: u64) -> f64 {
        self.0.at(step)
    }
}

impl From<f64> for Lr {
    fn from(lr: f64) -> Lr {
        Lr::new(crate::Constant(lr))
    }
}

impl fmt::Debug for Lr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl Schedule for Lr {
    fn at(&self, step: u64) -> f64 {
        self.0.at(step)
    }
}

impl<S: Schedule + ?Sized> Schedule for Box<S> {
    fn at(&self, step: u64) -> f64 {
        (**self).at(step)
    }
}
