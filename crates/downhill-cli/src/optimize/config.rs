//! `RaceConfig`: the validated meaning of `downhill optimize`'s flags. Everything that can be wrong
//! with the input is found here, before any step runs, so a bad flag never leaves partial output.
use super::{applicability, racers, schedules, Racer};
use crate::args::{DescentFlags, OptimizeArgs};
use crate::error::CliError;
use crate::plot::PlotFormat;
use downhill_optim::{Clip, OptimizerKind};
use downhill_testfns::{Race, Surface, TestFunction};
use std::path::PathBuf;

/// `--clip-norm` / `--clip-value` (clap makes them exclusive) as the library's `Clip`, checked to be
/// finite and > 0 so the message names the flag.
pub fn clip_from_flags(d: &DescentFlags) -> Result<Clip, CliError> {
    match (d.clip.clip_norm, d.clip.clip_value) {
        (Some(n), _) => super::checks::positive("--clip-norm", Some(n)).map(|_| Clip::GlobalNorm(n)),
        (_, Some(v)) => super::checks::positive("--clip-value", Some(v)).map(|_| Clip::Value(v)),
        (None, None) => Ok(Clip::None),
    }
}

/// Everything a race needs, checked: what the racers share (the library's `Race`), and who races.
#[derive(Clone, Debug)]
pub struct RaceConfig {
    pub race: Race,
    pub racers: Vec<Racer>,
    pub threshold: f64,
    pub plot: Option<(PathBuf, PlotFormat)>,
}

impl RaceConfig {
    pub fn from_args(a: &OptimizeArgs) -> Result<RaceConfig, CliError> {
        let needs = |flag| CliError::Missing { flag, context: "downhill optimize".into() };
        a.descent.hyper.refuse_auto("optimize")?;
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
        let clipping = clip_from_flags(d)?;
        if kinds.contains(&OptimizerKind::Lbfgs) {
            let flag = match (schedule, clipping) {
                (None, Clip::None) => None,
                (None, Clip::GlobalNorm(_)) => Some("--clip-norm"),
                (None, Clip::Value(_)) => Some("--clip-value"),
                _ => Some("--schedule"),
            };
            if let Some(flag) = flag {
                let lbfgs = OptimizerKind::Lbfgs.name();
                let applies_to = format!("every optimizer but {lbfgs}");
                return Err(CliError::NotApplicable { flag, chosen: lbfgs.into(), applies_to });
            }
        }
        let plot = match &a.plot {
            Some(path) => Some((path.clone(), crate::plot::format_of(path)?)),
            None => None,
        };
        let race = Race {
            function,
            options: d.hyper.given.clone(),
            schedule,
            schedule_options: d.schedule.given.clone(),
            clip: clipping,
            start: a.start.unwrap_or_else(|| function.start()),
            steps: a.steps,
        };
        Ok(RaceConfig { race, racers, threshold: a.threshold, plot })
    }
}
