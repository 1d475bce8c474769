//! torch `CyclicLR` (Smith 2017):
//!   total = up + down,  cycle = floor(1 + t / total),  x = 1 + t / total - cycle
//!   s = x / r if x <= r else (x - 1) / (r - 1),  r = up / total
//!   lr_t = base_lr + (max_lr - base_lr) * s * scale,   scale = 1 (triangular),
//!   1 / 2^(cycle - 1) (triangular2), gamma^t (exp_range)
use crate::Schedule;
use serde::{Deserialize, Serialize};

/// The amplitude policy of a cyclic schedule; each excludes the others, so it is an enum.
/// Serialisable as part of `ScheduleConfig`.
#[derive(Clone, Copy, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CyclicMode {
    #[default]
    Triangular,
    Triangular2,
    ExpRange {
        gamma: f64,
    },
}

/// Triangular cycles between `base_lr` and `max_lr` (torch `CyclicLR`; `step_size_down` defaults to up).
///
/// ```
/// use downhill_optim::{Cyclic, CyclicMode, Schedule};
/// let s = Cyclic { base_lr: 0.0, max_lr: 1.0, step_size_up: 2, step_size_down: 2, mode: CyclicMode::Triangular };
/// let lrs: Vec<f64> = (0..5).map(|t| s.at(t)).collect();
/// // Divisions and products of the cycle position: f64, 1e-12.
/// let want = [0.0, 0.5, 1.0, 0.5, 0.0];
/// assert!(lrs.iter().zip(want).all(|(l, w)| (l - w).abs() < 1e-12), "{lrs:?}");
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cyclic {
    pub base_lr: f64,
    pub max_lr: f64,
    pub step_size_up: u64,
    pub step_size_down: u64,
    pub mode: CyclicMode,
}

impl Schedule for Cyclic {
    fn at(&self, step: u64) -> f64 {
        let total = (self.step_size_up + self.step_size_down).max(1) as f64;
        let ratio = self.step_size_up as f64 / total;
        let t = step as f64;
        let cycle = (1.0 + t / total).floor();
        let x = 1.0 + t / total - cycle;
        let s = if x <= ratio { x / ratio } else { (x - 1.0) / (ratio - 1.0) };
        let scale = match self.mode {
            CyclicMode::Triangular => 1.0,
            CyclicMode::Triangular2 => 1.0 / 2f64.powf(cycle - 1.0),
            CyclicMode::ExpRange { gamma } => gamma.powf(t),
        };
        self.base_lr + (self.max_lr - self.base_lr) * s * scale
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_testing::assert_close;

    #[test]
    fn triangular2_halves_each_cycle() {
        let s = Cyclic {
            base_lr: 0.0,
            max_lr: 1.0,
            step_size_up: 2,
            step_size_down: 2,
            mode: CyclicMode::Triangular2,
        };
        // The triangle's position and the 1/2^cycle scale: f64 divisions and products, 1e-12.
        assert_close("triangular2 peaks", &[s.at(2), s.at(6), s.at(10)], &[1.0, 0.5, 0.25], 1e-12);
    }
}
