//! `RaceConfig`: the validated meaning of `downhill optimize`'s flags. Everything that can be wrong
//! with the input is found here, before any step runs, so a bad flag never leaves partial output.
use super::{applicability, racers, schedules, Racer};
use crate::args::{DescentFlags, OptimizeArgs, OptimizerFlags, ScheduleFlags};
use crate::error::CliError;
use crate::plot::PlotFormat;
use downhill_optim::{OptimizerKind, ScheduleChoice};
use downhill_testfns::{Point, Surface, TestFunction};
use std::path::PathBuf;

/// Gradient clipping before each step; the two torch utilities exclude each other here.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Clipping {
    None,
    /// torch `clip_grad_norm_(max_norm)`.
    GlobalNorm(f64),
    /// torch `clip_grad_value_(clip_value)`.
    Value(f64),
}

impl Clipping {
    /// `--clip-norm` / `--clip-value` (clap makes them exclusive), checked to be finite and > 0.
    pub fn from_flags(d: &DescentFlags) -> Result<Clipping, CliError> {
        match (d.clip_norm, d.clip_value) {
            (Some(n), _) => super::checks::positive("--clip-norm", Some(n)).map(|_| Clipping::GlobalNorm(n)),
            (_, Some(v)) => super::checks::positive("--clip-value", Some(v)).map(|_| Clipping::Value(v)),
            (None, None) => Ok(Clipping::None),
        }
    }
}

/// Everything a race needs, checked.
#[derive(Clone, Debug)]
pub struct RaceConfig {
    pub function: TestFunction,
    pub racers: Vec<Racer>,
    pub hyper: OptimizerFlags,
    /// `None`: no `--schedule`, the optimizer's constant rate.
    pub schedule: Option<ScheduleChoice>,
    pub schedule_flags: ScheduleFlags,
    pub clipping: Clipping,
    pub start: Point,
    pub steps: u64,
    pub threshold: f64,
    pub plot: Option<(PathBuf, PlotFormat)>,
}

impl RaceConfig {
    pub fn from_args(a: &OptimizeArgs) -> Result<RaceConfig, CliError> {
        let needs = |flag| CliError::Missing { flag, context: "downhill optimize".into() };
        let name = a.function.as_deref().ok_or_else(|| needs("--function"))?;
        let function: TestFunction = name.parse().map_err(|e: downhill_testfns::UnknownFunction| {
            CliError::UnknownName { flag: "--function", message: e.to_string() }
        })?;
        let racers = racers::parse_racers(a.optimizer.as_deref().ok_or_else(|| needs("--optimizer"))?)?;
        let kinds: Vec<OptimizerKind> = racers.iter().map(|r| r.kind).collect();
        let d = &a.descent;
        applicability::validate(&d.hyper, &kinds)?;
        let lr_given = d.hyper.lr().is_some() || racers.iter().any(|r| r.lr.is_some());
        let schedule = schedules::choose(&d.schedule, lr_given, false)?;
        for kind in &kinds {
            super::check_cycled_momentum(&d.schedule, *kind)?;
        }
        super::checks::finite("--threshold", Some(a.threshold))?;
        let clipping = Clipping::from_flags(d)?;
        if kinds.contains(&OptimizerKind::Lbfgs) {
            let flag = match (schedule, clipping) {
                (None, Clipping::None) => None,
                (None, Clipping::GlobalNorm(_)) => Some("--clip-norm"),
                (None, Clipping::Value(_)) => Some("--clip-value"),
                _ => Some("--schedule"),
            };
            if let Some(flag) = flag {
                let applies_to = "every optimizer but lbfgs".into();
                return Err(CliError::NotApplicable { flag, chosen: "lbfgs".into(), applies_to });
            }
        }
        let plot = match &a.plot {
            Some(path) => Some((path.clone(), PlotFormat::from_path(path)?)),
            None => None,
        };
        Ok(RaceConfig {
            function,
            racers,
            hyper: d.hyper.clone(),
            schedule,
            schedule_flags: d.schedule.clone(),
            clipping,
            start: a.start.unwrap_or_else(|| function.start()),
            steps: a.steps,
            threshold: a.threshold,
            plot,
        })
    }
}
