//! torch `SequentialLR`: schedule `k` runs from milestone `k-1` (or 0), restarted at its own step 0:
//!   lr_t = schedules[k].at(t - milestones[k-1]),  k = number of milestones <= t
use crate::Schedule;

/// Schedules one after another, switching at the milestones (torch `SequentialLR`).
///
/// ```
/// use downhill_optim::{Constant, Join, Schedule};
/// let s = Join::new(vec![Box::new(Constant(0.01)), Box::new(Constant(0.1))], vec![5]);
/// // Exact: each value is one of the joined constants, selected by step.
/// assert_eq!((s.at(4), s.at(5)), (0.01, 0.1));
/// ```
#[derive(Debug)]
pub struct Join {
    schedules: Vec<Box<dyn Schedule>>,
    milestones: Vec<u64>,
}

impl Join {
    /// Panics unless there is exactly one milestone fewer than schedules and they increase
    /// (torch raises the same ValueError).
    pub fn new(schedules: Vec<Box<dyn Schedule>>, milestones: Vec<u64>) -> Join {
        assert!(
            schedules.len() == milestones.len() + 1,
            "Join: {} schedules need {} milestones, got {}",
            schedules.len(),
            schedules.len().saturating_sub(1),
            milestones.len()
        );
        assert!(milestones.windows(2).all(|w| w[0] < w[1]), "Join: milestones must increase: {milestones:?}");
        Join { schedules, milestones }
    }
}

impl Schedule for Join {
    fn at(&self, step: u64) -> f64 {
        let k = self.milestones.iter().filter(|&&m| m <= step).count();
        let start = if k == 0 { 0 } else { self.milestones[k - 1] };
        self.schedules[k].at(step - start)
    }
}
