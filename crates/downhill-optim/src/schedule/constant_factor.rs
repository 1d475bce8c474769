//! torch `ConstantLR`: `lr_t = base * factor` for `t < total_iters`, then `base`.
use crate::Schedule;

/// A constant reduced rate for the first `total_iters` steps (torch `ConstantLR`; defaults 1/3, 5).
///
/// ```
/// use downhill_optim::{ConstantFactor, Schedule};
/// let s = ConstantFactor { base: 1.0, factor: 0.5, total_iters: 2 };
/// // Exact: base 1 times the factor 0.5 or 1, products by powers of two.
/// assert_eq!((s.at(1), s.at(2)), (0.5, 1.0));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ConstantFactor {
    pub base: f64,
    pub factor: f64,
    pub total_iters: u64,
}

impl Schedule for ConstantFactor {
    fn at(&self, step: u64) -> f64 {
        if step < self.total_iters {
            self.base * self.factor
        } else {
            self.base
        }
    }
}
