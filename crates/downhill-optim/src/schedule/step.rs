//! torch `StepLR`: `lr_t = base * gamma^floor(t / step_size)`.
use crate::Schedule;

/// Multiplies the rate by `gamma` every `step_size` steps (torch `StepLR`, default gamma 0.1).
///
/// ```
/// use downhill_optim::{Schedule, StepLr};
/// let s = StepLr { base: 1.0, step_size: 10, gamma: 0.5 };
/// assert_eq!((s.at(9), s.at(10), s.at(20)), (1.0, 0.5, 0.25));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StepLr {
    pub base: f64,
    pub step_size: u64,
    pub gamma: f64,
}

impl Schedule for StepLr {
    fn at(&self, step: u64) -> f64 {
        let k = step / self.step_size.max(1);
        self.base * self.gamma.powf(k as f64)
    }
}
