//! Runs every racer of a `RaceConfig` (downhill-testfns' `Race`), naming the flag a refusal comes
//! from.
use super::{schedule_option_error, RaceConfig, Racer};
use crate::error::CliError;
use downhill_optim::Trajectory;
use downhill_testfns::RaceError;

/// One racer's result.
#[derive(Clone, Debug)]
pub struct Run {
    pub racer: Racer,
    /// The rate at step 0 (the base rate, or where the schedule starts).
    pub lr0: f64,
    pub trajectory: Trajectory,
}

pub fn race(cfg: &RaceConfig) -> Result<Vec<Run>, CliError> {
    let run = |racer: &Racer| match cfg.race.run(racer.kind, racer.lr) {
        Ok(lap) => Ok(Run { racer: racer.clone(), lr0: lap.lr0, trajectory: lap.trajectory }),
        Err(RaceError::Schedule(e)) => {
            let name = cfg.race.schedule.map_or("", |c| c.name());
            Err(schedule_option_error(e, format!("--schedule {name}")))
        }
        Err(RaceError::Optimizer(source)) => {
            Err(CliError::Optim { context: format!("--optimizer {}", racer.kind), source })
        }
    };
    cfg.racers.iter().map(run).collect()
}
