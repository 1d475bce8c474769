//! scikit-learn SGD `learning_rate="invscaling"`: `eta_t = eta0 / t^power_t` with `t = step + 1`
//! (sklearn counts samples seen from 1; `_sgd_fast.pyx`).
use crate::Schedule;

/// sklearn's inverse-scaling rate (defaults eta0 0.01, power_t 0.25 in `SGDClassifier`).
///
/// ```
/// use downhill_optim::{InvScaling, Schedule};
/// let s = InvScaling { eta0: 0.1, power_t: 0.5 };
/// // 0.1 / (t + 1) powf 0.5: f64 powf and a division, 1e-12.
/// assert!((s.at(0) - 0.1).abs() < 1e-12 && (s.at(3) - 0.05).abs() < 1e-12, "{} {}", s.at(0), s.at(3));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct InvScaling {
    pub eta0: f64,
    pub power_t: f64,
}

impl Schedule for InvScaling {
    fn at(&self, step: u64) -> f64 {
        self.eta0 / ((step + 1) as f64).powf(self.power_t)
    }
}
