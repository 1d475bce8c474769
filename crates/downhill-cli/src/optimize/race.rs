//! Runs every racer of a `RaceConfig` from the same start: builds each one's learning rate
//! (racer `:LR`, else `--lr`, else the optimizer's torch default, then the schedule), its preset
//! chain with clipping placed first, and descends.
use super::{presets, schedules, trajectory, Clipping, RaceConfig, Racer, Trajectory};
use crate::error::CliError;
use downhill_optim::{ClipByGlobalNorm, ClipByValue};

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
    let default = presets::default_lr(racer.kind).ok_or_else(|| presets::unavailable(racer.kind))?;
    let base = racer.lr.or(cfg.hyper.lr).unwrap_or(default);
    let (lr, plateau) = schedules::build(cfg.schedule, &cfg.schedule_flags, base, cfg.steps)?;
    let lr0 = lr.at(0);
    let chain = presets::build(racer.kind, &cfg.hyper, lr)?;
    let chain = match cfg.clipping {
        Clipping::None => chain,
        Clipping::GlobalNorm(n) => chain.after(ClipByGlobalNorm(n)),
        Clipping::Value(v) => chain.after(ClipByValue(v)),
    };
    let trajectory = trajectory::descend(&cfg.function, chain, plateau, cfg.start, cfg.steps);
    Ok(Run { racer: racer.clone(), lr0, trajectory })
}
