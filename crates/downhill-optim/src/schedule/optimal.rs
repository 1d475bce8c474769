//! scikit-learn SGD `learning_rate="optimal"` (Bottou): `eta_t = 1 / (alpha * (t0 + t - 1))`, `t = step + 1`.
//! sklearn's heuristic: `typw = sqrt(1 / sqrt(alpha))`, `eta0 = typw / max(1, dloss(1, -typw))`,
//! `t0 = 1 / (alpha * eta0)`. For every sklearn loss `dloss(1, -typw) <= 0`, so `eta0 = typw` and
//! `t0 = alpha^(-3/4)`, which is what [`Optimal::new`] uses.
use super::described_schedule::DescribedSchedule;
use crate::describe::{Described, Hyper, Range};
use crate::Schedule;
use crate::ScheduleConfig;

/// sklearn's "optimal" rate for L2 strength `alpha`.
///
/// ```
/// use downhill_optim::{Optimal, Schedule};
/// let s = Optimal::new(1e-4);
/// assert!((s.t0 - 1000.0).abs() < 1e-9 && (s.at(0) - 10.0).abs() < 1e-9);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Optimal {
    /// sklearn's regularisation strength `alpha`.
    pub alpha: f64,
    /// Offset of the step count, `alpha^(-3/4)` from `new`.
    pub t0: f64,
}

impl Optimal {
    /// sklearn's schedule for `alpha` (its `t0` from sklearn's heuristic; `alpha` should be > 0).
    pub fn new(alpha: f64) -> Optimal {
        let typw = (1.0 / alpha.sqrt()).sqrt();
        Optimal { alpha, t0: 1.0 / (alpha * typw) }
    }
}

impl Schedule for Optimal {
    fn at(&self, step: u64) -> f64 {
        1.0 / (self.alpha * (self.t0 + step as f64))
    }
}

/// scikit-learn's `learning_rate="optimal"`, driven by its `alpha` (default 1e-4). The option is
/// `optimal_alpha` on the command line, where `--alpha` is RMSprop's.
#[derive(Clone, Debug, PartialEq)]
pub struct OptimalOptions {
    /// sklearn's regularisation strength `alpha` (default 1e-4; `--optimal-alpha`); > 0.
    pub alpha: f64,
}

impl Default for OptimalOptions {
    fn default() -> Self {
        OptimalOptions { alpha: 1e-4 }
    }
}

impl Described for OptimalOptions {
    const NAME: &'static str = "optimal";
    const OPTIONS: &'static [Hyper<Self>] = &[Hyper::float(
        "optimal_alpha",
        Range::Positive,
        "scikit-learn's regularisation strength alpha driving its optimal rate",
        |o: &mut Self| &mut o.alpha,
    )
    .labelled("alpha")];
}

impl DescribedSchedule for OptimalOptions {
    fn to_config(&self, _lr: f64) -> ScheduleConfig {
        ScheduleConfig::Optimal { alpha: self.alpha }
    }
}
