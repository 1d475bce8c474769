//! torch `MultiStepLR`: `lr_t = base * gamma^(number of milestones <= t)`.
use crate::Schedule;

/// Multiplies the rate by `gamma` at each milestone step (torch `MultiStepLR`).
///
/// ```
/// use downhill_optim::{MultiStep, Schedule};
/// let s = MultiStep { base: 1.0, milestones: vec![2, 5], gamma: 0.1 };
/// assert_eq!(s.at(1), 1.0); // exact: before any milestone it is base · 0.1 powi 0 = 1 · 1
/// assert!((s.at(5) - 0.01).abs() < 1e-15);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct MultiStep {
    pub base: f64,
    pub milestones: Vec<u64>,
    pub gamma: f64,
}

impl Schedule for MultiStep {
    fn at(&self, step: u64) -> f64 {
        let passed = self.milestones.iter().filter(|&&m| m <= step).count();
        self.base * self.gamma.powi(passed as i32)
    }
}
