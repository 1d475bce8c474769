//! torch `StepLR`: `lr_t = base * gamma^floor(t / step_size)`.
use crate::Schedule;

/// Multiplies the rate by `gamma` every `step_size` steps (torch `StepLR`, default gamma 0.1).
///
/// ```
/// use downhill_optim::{Schedule, StepLr};
/// let s = StepLr { base: 1.0, step_size: 10, gamma: 0.5 };
/// // base · 0.5 powf k: f64 powf, 1e-12.
/// let want = [(9, 1.0), (10, 0.5), (20, 0.25)];
/// assert!(want.iter().all(|&(k, w)| (s.at(k) - w).abs() < 1e-12), "{:?}", want.map(|(k, _)| s.at(k)));
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
