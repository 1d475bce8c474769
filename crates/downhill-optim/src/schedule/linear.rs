//! torch `LinearLR`: the factor moves linearly from `start_factor` to `end_factor` over `total_iters`:
//!   lr_t = base * (start_factor + (end_factor - start_factor) * min(t, total_iters) / total_iters)
use super::described_schedule::DescribedSchedule;
use crate::describe::{Described, Hyper, Range};
use crate::Schedule;
use crate::ScheduleConfig;

/// A linear ramp of the rate's factor (torch `LinearLR`; defaults 1/3 -> 1 over 5 steps).
///
/// ```
/// use downhill_optim::{Linear, Schedule};
/// let s = Linear { base: 1.0, start_factor: 0.5, end_factor: 1.0, total_iters: 5 };
/// // 0.5 + 0.5 · progress: f64 products and sums, 1e-12.
/// let want = [(0, 0.5), (5, 1.0), (50, 1.0)];
/// assert!(want.iter().all(|&(k, w)| (s.at(k) - w).abs() < 1e-12), "{:?}", want.map(|(k, _)| s.at(k)));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Linear {
    /// The rate the factors multiply.
    pub base: f64,
    /// Factor at step 0.
    pub start_factor: f64,
    /// Factor from `total_iters` on.
    pub end_factor: f64,
    /// Length of the ramp in steps (0: `end_factor` from the start).
    pub total_iters: u64,
}

impl Linear {
    /// torch's defaults: `start_factor = 1/3`, `end_factor = 1`, `total_iters = 5`.
    pub fn torch_default(base: f64) -> Linear {
        Linear { base, start_factor: 1.0 / 3.0, end_factor: 1.0, total_iters: 5 }
    }
}

impl Schedule for Linear {
    fn at(&self, step: u64) -> f64 {
        if self.total_iters == 0 {
            return self.base * self.end_factor;
        }
        let progress = step.min(self.total_iters) as f64 / self.total_iters as f64;
        self.base * (self.start_factor + (self.end_factor - self.start_factor) * progress)
    }
}

/// torch `LinearLR(start_factor=1/3, end_factor=1, total_iters=5)`.
#[derive(Clone, Debug, PartialEq)]
pub struct LinearOptions {
    /// Factor of the rate at step 0 (torch `start_factor`, default 1/3); in [0, 1].
    pub start_factor: f64,
    /// Factor from `total_iters` on (torch `end_factor`, default 1); in [0, 1].
    pub end_factor: f64,
    /// Length of the ramp in steps (torch `total_iters`, default 5; 0 accepted).
    pub total_iters: usize,
}

impl Default for LinearOptions {
    fn default() -> Self {
        let torch = Linear::torch_default(1.0);
        LinearOptions {
            start_factor: torch.start_factor,
            end_factor: torch.end_factor,
            total_iters: torch.total_iters as usize,
        }
    }
}

impl Described for LinearOptions {
    const NAME: &'static str = "linear";
    const OPTIONS: &'static [Hyper<Self>] = &[
        Hyper::float("start_factor", Range::UnitClosed, "factor of the rate at step 0", |o: &mut Self| {
            &mut o.start_factor
        }),
        Hyper::float("end_factor", Range::UnitClosed, "factor from total_iters on", |o: &mut Self| {
            &mut o.end_factor
        }),
        // torch accepts 0 (the end factor from the start); so does `Linear`.
        Hyper::count("total_iters", "length of the ramp", |o: &mut Self| &mut o.total_iters)
            .in_range(Range::Any),
    ];
}

impl DescribedSchedule for LinearOptions {
    fn to_config(&self, _lr: f64) -> ScheduleConfig {
        let total_iters = Some(self.total_iters as u64);
        ScheduleConfig::Linear { start_factor: self.start_factor, end_factor: self.end_factor, total_iters }
    }
}
