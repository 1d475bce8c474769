//! torch `CyclicLR` (Smith 2017):
//!   total = up + down,  cycle = floor(1 + t / total),  x = 1 + t / total - cycle
//!   s = x / r if x <= r else (x - 1) / (r - 1),  r = up / total
//!   lr_t = base_lr + (max_lr - base_lr) * s * scale,   scale = 1 (triangular),
//!   1 / 2^(cycle - 1) (triangular2), gamma^t (exp_range)
use super::described_schedule::{given, DescribedSchedule};
use crate::describe::{Described, Field, Hyper, Range};
use crate::{OptimError, Schedule, ScheduleConfig};
use serde::{Deserialize, Serialize};

/// The amplitude policy of a cyclic schedule; each excludes the others, so it is an enum.
/// Serialisable as part of `ScheduleConfig`.
#[derive(Clone, Copy, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CyclicMode {
    /// Full-height triangles every cycle (the default).
    #[default]
    Triangular,
    /// Triangles whose height halves every cycle.
    Triangular2,
    /// Triangles whose height is scaled by `gamma^t` at step `t`.
    ExpRange {
        /// Decay of the height per step, e.g. 0.99994 (torch `gamma`); > 0.
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
    /// The lowest rate, at the start of each cycle (torch `base_lr`).
    pub base_lr: f64,
    /// The highest rate, at the end of the rising half (torch `max_lr`).
    pub max_lr: f64,
    /// Steps of the rising half-cycle (torch `step_size_up`).
    pub step_size_up: u64,
    /// Steps of the falling half-cycle (torch `step_size_down`).
    pub step_size_down: u64,
    /// How the height changes from cycle to cycle.
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

/// torch `CyclicLR(base_lr, max_lr, step_size_up=2000, step_size_down=None, mode='triangular',
/// gamma=1.0)`. `base_lr` is the optimizer's rate; `max_lr` has no default; `step_size_down`
/// left `None` equals `step_size_up`; `gamma` is used by `exp_range` only.
#[derive(Clone, Debug, PartialEq)]
pub struct CyclicOptions {
    /// The peak rate (torch `max_lr`, required); > 0. `None` when not given yet.
    pub max_lr: Option<f64>,
    /// Steps of the rising half-cycle (torch `step_size_up`, default 2000); >= 1.
    pub step_size_up: usize,
    /// Steps of the falling half-cycle (torch `step_size_down`, default `None`: `step_size_up`); >= 1.
    pub step_size_down: Option<usize>,
    /// The amplitude policy; `exp_range` takes its gamma from `gamma`.
    pub mode: CyclicMode,
    /// Decay of the height per step for `exp_range` (torch `gamma`, default 1.0); > 0.
    pub gamma: f64,
}

impl Default for CyclicOptions {
    fn default() -> Self {
        CyclicOptions {
            max_lr: None,
            step_size_up: 2000,
            step_size_down: None,
            mode: CyclicMode::Triangular,
            gamma: 1.0,
        }
    }
}

impl Described for CyclicOptions {
    const NAME: &'static str = "cyclic";
    const OPTIONS: &'static [Hyper<Self>] = &[
        Hyper::with(
            "max_lr",
            Range::Positive,
            "peak learning rate",
            Field::DerivedFloat(|o: &mut Self| &mut o.max_lr),
        )
        .required(),
        Hyper::count("step_size_up", "steps of the rising half-cycle", |o: &mut Self| &mut o.step_size_up),
        Hyper::with(
            "step_size_down",
            Range::AtLeastOne,
            "steps of the falling half-cycle (default step_size_up)",
            Field::DerivedCount(|o: &mut Self| &mut o.step_size_down),
        ),
        Hyper::with(
            "mode",
            Range::Any,
            "amplitude policy",
            Field::Choice(&["triangular", "triangular2", "exp_range"], mode_name, set_mode),
        ),
        Hyper::float(
            "gamma",
            Range::Positive,
            "exp_range's decay of the amplitude per step",
            |o: &mut Self| &mut o.gamma,
        ),
    ];
}

fn mode_name(o: &CyclicOptions) -> &'static str {
    match o.mode {
        CyclicMode::Triangular => "triangular",
        CyclicMode::Triangular2 => "triangular2",
        CyclicMode::ExpRange { .. } => "exp_range",
    }
}

fn set_mode(o: &mut CyclicOptions, name: &str) -> Result<(), OptimError> {
    o.mode = name.parse()?;
    Ok(())
}

impl DescribedSchedule for CyclicOptions {
    /// Equal halves are stored as `step_size_down: None`, the JSON older model files hold.
    fn to_config(&self, lr: f64) -> ScheduleConfig {
        let up = self.step_size_up as u64;
        ScheduleConfig::Cyclic {
            base_lr: lr,
            step_size_up: up,
            step_size_down: self.step_size_down.map(|d| d as u64).filter(|&down| down != up),
            mode: match self.mode {
                CyclicMode::ExpRange { .. } => CyclicMode::ExpRange { gamma: self.gamma },
                other => other,
            },
            max_lr: Some(given(self.max_lr)),
        }
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
