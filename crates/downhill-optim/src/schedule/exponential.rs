//! torch `ExponentialLR`: `lr_t = base * gamma^t`.
use crate::Schedule;

/// Decays the rate by `gamma` every step (torch `ExponentialLR`).
///
/// ```
/// use downhill_optim::{Exponential, Schedule};
/// let lr = Exponential { base: 1.0, gamma: 0.5 }.at(3);
/// assert!((lr - 0.125).abs() < 1e-12, "{lr}"); // 0.5 powf 3: f64 powf, 1e-12
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Exponential {
    pub base: f64,
    pub gamma: f64,
}

impl Schedule for Exponential {
    fn at(&self, step: u64) -> f64 {
        self.base * self.gamma.powf(step as f64)
    }
}
