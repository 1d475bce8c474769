//! The constant schedule: `lr_t = lr`.
use crate::Schedule;

/// The same learning rate at every step.
///
/// ```
/// use downhill_optim::{Constant, Schedule};
/// assert_eq!(Constant(0.1).at(1_000), 0.1); // exact: the constant itself, no arithmetic
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Constant(pub f64);

impl Schedule for Constant {
    fn at(&self, _step: u64) -> f64 {
        self.0
    }
}
