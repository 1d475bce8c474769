//! Runs every racer of a `RaceConfig` from the same start: builds each one's learning rate
//! (racer `:LR`, else `--lr`, else the optimizer's torch default, then the schedule), its preset
//! chain with clipping placed first (or L-BFGS), and descends.
use super::{presets, schedules, trajectory, Method, RaceConfig, Racer, Trajectory};
use crate::error::CliError;

/// One racer's result.
#[derive(Clone, Debug)]
pub struct Run {
    pub racer: Racer,
    /// The rate at step 0 (the base rate, or where the schedule starts).
    pub lr0: f64,
    pub trajectory: Trajectory,
}

pub fn race(cfg: &RaceConfig) -> Result<Vec<Run>, CliError> {
    cfg.racers.iter().map(|racer| run_one(cfg, racer)).collect()
}

fn run_one(cfg: &RaceConfig, racer: &Racer) -> Result<Run, CliError> {
    let base = racer.lr.or(cfg.hyper.lr()).unwrap_or(presets::default_lr(racer.kind));
    let rates = schedules::build(cfg.schedule, &cfg.schedule_flags, base, cfg.steps)?;
    let (lr0, plateau) = (rates.lr.at(0), rates.plateau);
    let method =
        match presets::build(racer.kind, &cfg.hyper, rates.lr, rates.momentum)? {
            Method::Chain(chain) => Method::Chain(cfg.clipping.apply(chain).map_err(|source| {
                CliError::Optim { context: format!("--optimizer {}", racer.kind), source }
            })?),
            method => method, // config.rs rejects clipping for L-BFGS
        };
    let trajectory = trajectory::descend(&cfg.function, method, plateau, cfg.start, cfg.steps);
    Ok(Run { racer: racer.clone(), lr0, trajectory })
}
