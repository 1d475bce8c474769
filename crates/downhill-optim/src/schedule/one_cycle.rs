//! torch `OneCycleLR` (Smith & Topin 2018), two phases:
//!   initial = max_lr / div_factor,  min = initial / final_div_factor
//!   phase 1: steps 0 ..= e1 with e1 = pct_start * total_steps - 1, anneal initial -> max_lr
//!   phase 2: steps e1 ..= total_steps - 1, anneal max_lr -> min
//!   pct = (t - phase_start) / (phase_end - phase_start)
//!   cos: end + (start - end) / 2 * (1 + cos(pi * pct))     linear: start + (end - start) * pct
//! Momentum (when cycled) runs the other way: max_momentum -> base_momentum -> max_momentum;
//! `momentum()` exposes it as its own schedule, which `CycledMomentum` applies to SGD's momentum or
//! Adam's beta1 (torch `cycle_momentum=True`). Past `total_steps` torch raises; we hold the last
//! phase. torch's `three_phase=True` is not supported.
use super::described_schedule::DescribedSchedule;
use crate::describe::{Described, Field, Hyper, Range};
use crate::{OptimError, Schedule, ScheduleConfig};
use serde::{Deserialize, Serialize};
use std::f64::consts::PI;

/// How a one-cycle phase interpolates between its end points (serialisable as part of
/// `ScheduleConfig`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Anneal {
    /// Cosine: `end + (start - end) (1 + cos(pi pct)) / 2` (torch `'cos'`, the default).
    #[default]
    Cos,
    /// Straight line from start to end (torch `'linear'`).
    Linear,
}

impl Anneal {
    /// torch's name for it, `cos` or `linear` (what `parse` reads).
    pub fn name(self) -> &'static str {
        match self {
            Anneal::Cos => "cos",
            Anneal::Linear => "linear",
        }
    }

    fn at(self, start: f64, end: f64, pct: f64) -> f64 {
        match self {
            Anneal::Cos => end + (start - end) / 2.0 * ((PI * pct).cos() + 1.0),
            Anneal::Linear => (end - start) * pct + start,
        }
    }
}

/// torch `OneCycleLR`'s `base_momentum` and `max_momentum`, for a config that cycles momentum
/// (serialisable as part of `ScheduleConfig`).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct MomentumCycle {
    /// The lowest momentum, at the rate's peak (torch `base_momentum`, default 0.85).
    pub base_momentum: f64,
    /// The highest momentum, at start and end (torch `max_momentum`, default 0.95).
    pub max_momentum: f64,
}

impl Default for MomentumCycle {
    /// torch's 0.85 and 0.95, read from `OneCycle::new`.
    fn default() -> Self {
        let torch = OneCycle::new(1.0, 1);
        MomentumCycle { base_momentum: torch.base_momentum, max_momentum: torch.max_momentum }
    }
}

/// One-cycle learning rate with torch's defaults via [`OneCycle::new`].
///
/// ```
/// use downhill_optim::{OneCycle, Schedule};
/// let s = OneCycle::new(1.0, 100);
/// assert!((s.at(0) - 0.04).abs() < 1e-12);       // max_lr / 25
/// assert!((s.at(29) - 1.0).abs() < 1e-12);       // peak at pct_start * total - 1
/// assert!((s.at(99) - 4e-6).abs() < 1e-12);      // initial / 1e4
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OneCycle {
    /// The peak rate.
    pub max_lr: f64,
    /// Length of the cycle in steps; past it the last phase's end value holds.
    pub total_steps: u64,
    /// Fraction of the cycle spent increasing (torch default 0.3).
    pub pct_start: f64,
    /// How each phase interpolates.
    pub anneal: Anneal,
    /// The rate starts at `max_lr / div_factor` (torch default 25).
    pub div_factor: f64,
    /// The rate ends at `max_lr / div_factor / final_div_factor` (torch default 1e4).
    pub final_div_factor: f64,
    /// The lowest cycled momentum, at the rate's peak (torch default 0.85).
    pub base_momentum: f64,
    /// The highest cycled momentum, at start and end (torch default 0.95).
    pub max_momentum: f64,
}

impl OneCycle {
    /// torch defaults: pct_start 0.3, cos, div_factor 25, final_div_factor 1e4, momentum 0.85..0.95.
    pub fn new(max_lr: f64, total_steps: u64) -> OneCycle {
        OneCycle {
            max_lr,
            total_steps,
            pct_start: 0.3,
            anneal: Anneal::Cos,
            div_factor: 25.0,
            final_div_factor: 1e4,
            base_momentum: 0.85,
            max_momentum: 0.95,
        }
    }

    /// The cycled momentum as a schedule (torch `cycle_momentum=True`, for SGD's `momentum` or Adam's beta1).
    pub fn momentum(&self) -> OneCycleMomentum {
        OneCycleMomentum(*self)
    }

    /// `(phase, pct)`: which phase `step` is in and how far through it.
    fn phase(&self, step: u64) -> (usize, f64) {
        let t = step.min(self.total_steps) as f64;
        let end1 = self.pct_start * self.total_steps as f64 - 1.0;
        let end2 = self.total_steps as f64 - 1.0;
        if t <= end1 {
            (0, t / end1)
        } else {
            (1, (t - end1) / (end2 - end1))
        }
    }
}

impl Schedule for OneCycle {
    fn at(&self, step: u64) -> f64 {
        let initial = self.max_lr / self.div_factor;
        let min = initial / self.final_div_factor;
        match self.phase(step) {
            (0, pct) => self.anneal.at(initial, self.max_lr, pct),
            (_, pct) => self.anneal.at(self.max_lr, min, pct),
        }
    }
}

/// The momentum half of a [`OneCycle`]: `max_momentum -> base_momentum -> max_momentum`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OneCycleMomentum(pub OneCycle);

impl Schedule for OneCycleMomentum {
    fn at(&self, step: u64) -> f64 {
        let c = &self.0;
        match c.phase(step) {
            (0, pct) => c.anneal.at(c.max_momentum, c.base_momentum, pct),
            (_, pct) => c.anneal.at(c.base_momentum, c.max_momentum, pct),
        }
    }
}

/// torch `OneCycleLR(max_lr, total_steps=None, pct_start=0.3, anneal_strategy='cos',
/// cycle_momentum=True, base_momentum=0.85, max_momentum=0.95, div_factor=25,
/// final_div_factor=1e4)`. `max_lr` has no default; `total_steps` left `None` is the whole run
/// (torch asks for it or for `epochs` and `steps_per_epoch`, which is the same length).
#[derive(Clone, Debug, PartialEq)]
pub struct OneCycleOptions {
    /// The peak rate (torch `max_lr`, required); > 0. `None` until given.
    pub max_lr: Option<f64>,
    /// Length of the cycle in steps (torch `total_steps`; `None`: the whole training run); >= 1.
    pub total_steps: Option<usize>,
    /// Fraction of the cycle spent increasing (torch `pct_start`, default 0.3); in (0, 1).
    pub pct_start: f64,
    /// How each phase interpolates (torch `anneal_strategy`, default `'cos'`).
    pub anneal_strategy: Anneal,
    /// Cycle the momentum (or Adam's beta1) against the rate (torch `cycle_momentum`, default true).
    pub cycle_momentum: bool,
    /// The lowest cycled momentum, at the rate's peak (torch `base_momentum`, default 0.85); in [0, 1), <=
    /// `max_momentum`.
    pub base_momentum: f64,
    /// The highest cycled momentum, at start and end (torch `max_momentum`, default 0.95); in [0, 1).
    pub max_momentum: f64,
    /// The rate starts at `max_lr / div_factor` (torch `div_factor`, default 25); > 0.
    pub div_factor: f64,
    /// The rate ends at the initial rate divided by this (torch `final_div_factor`, default 1e4); > 0.
    pub final_div_factor: f64,
}

impl Default for OneCycleOptions {
    /// torch's, read from `OneCycle::new` so they cannot drift.
    fn default() -> Self {
        let torch = OneCycle::new(1.0, 1);
        OneCycleOptions {
            max_lr: None,
            total_steps: None,
            pct_start: torch.pct_start,
            anneal_strategy: torch.anneal,
            cycle_momentum: true,
            base_momentum: torch.base_momentum,
            max_momentum: torch.max_momentum,
            div_factor: torch.div_factor,
            final_div_factor: torch.final_div_factor,
        }
    }
}

impl Described for OneCycleOptions {
    const NAME: &'static str = "onecycle";
    const OPTIONS: &'static [Hyper<Self>] = &[
        Hyper::with(
            "max_lr",
            Range::Positive,
            "peak learning rate",
            Field::DerivedFloat(|o: &mut Self| &mut o.max_lr),
        )
        .required(),
        Hyper::with(
            "total_steps",
            Range::AtLeastOne,
            "length of the cycle (default: the whole run)",
            Field::DerivedCount(|o: &mut Self| &mut o.total_steps),
        ),
        Hyper::float(
            "pct_start",
            Range::UnitExclusive,
            "fraction of the cycle spent increasing",
            |o: &mut Self| &mut o.pct_start,
        ),
        Hyper::with(
            "anneal_strategy",
            Range::Any,
            "interpolation of each phase",
            Field::Choice(&["cos", "linear"], anneal_name, set_anneal),
        ),
        Hyper::switch(
            "cycle_momentum",
            "cycle the momentum (or beta1) inversely to the rate, max-momentum -> base-momentum -> back",
            |o: &mut Self| &mut o.cycle_momentum,
        ),
        Hyper::float(
            "base_momentum",
            Range::UnitOpen,
            "lowest cycled momentum, at the rate's peak",
            |o: &mut Self| &mut o.base_momentum,
        ),
        Hyper::float(
            "max_momentum",
            Range::UnitOpen,
            "highest cycled momentum, at start and end",
            |o: &mut Self| &mut o.max_momentum,
        ),
        Hyper::float("div_factor", Range::Positive, "initial lr = max_lr / div_factor", |o: &mut Self| {
            &mut o.div_factor
        }),
        Hyper::float(
            "final_div_factor",
            Range::Positive,
            "final lr = initial lr / final_div_factor",
            |o: &mut Self| &mut o.final_div_factor,
        ),
    ];

    fn rules(&self) -> Result<(), OptimError> {
        if self.base_momentum > self.max_momentum {
            let (value, bound_value) = (self.base_momentum, self.max_momentum);
            return Err(OptimError::AboveOption {
                option: "base_momentum",
                value,
                bound: "max_momentum",
                bound_value,
            });
        }
        Ok(())
    }
}

fn anneal_name(o: &OneCycleOptions) -> &'static str {
    o.anneal_strategy.name()
}

fn set_anneal(o: &mut OneCycleOptions, name: &str) -> Result<(), OptimError> {
    o.anneal_strategy = name.parse()?;
    Ok(())
}

impl DescribedSchedule for OneCycleOptions {
    /// The cycle peaks at the base rate it is built with: `own_base_lr`, i.e. `max_lr`.
    fn to_config(&self, _lr: f64) -> ScheduleConfig {
        let cycle = MomentumCycle { base_momentum: self.base_momentum, max_momentum: self.max_momentum };
        ScheduleConfig::OneCycle {
            total_steps: self.total_steps.map(|t| t as u64),
            pct_start: self.pct_start,
            div_factor: self.div_factor,
            final_div_factor: self.final_div_factor,
            anneal: self.anneal_strategy,
            cycle_momentum: self.cycle_momentum.then_some(cycle),
        }
    }

    fn own_base_lr(&self) -> Option<f64> {
        self.max_lr
    }
}
