//! A race: every racer descends the same function from the same start, with the same optimizer
//! options, schedule and clipping. A racer's base rate is its own, else the shared `lr` option,
//! else its optimizer's torch default; the schedule then shapes it (`Rates`), and the racer's
//! preset chain (clipping first) or L-BFGS descends (`OptimizerChoice::method`).
use super::descend;
use crate::{Point, TestFunction};
use downhill_optim::{
    Clip, OptimError, OptimizerChoice, OptimizerKind, Rates, ScheduleChoice, Trajectory, Value,
};
use std::fmt;

/// What every racer shares.
#[derive(Clone, Debug)]
pub struct Race {
    /// The function descended.
    pub function: TestFunction,
    /// Optimizer options by name (`OptimizerKind::options`), set on each racer's torch defaults.
    pub options: Vec<(&'static str, Value)>,
    /// The schedule (`None`: the constant rate).
    pub schedule: Option<ScheduleChoice>,
    /// The schedule's options by name (`ScheduleChoice::options`).
    pub schedule_options: Vec<(&'static str, Value)>,
    /// Gradient clipping, for chains (L-BFGS refuses it).
    pub clip: Clip,
    /// Where every racer starts.
    pub start: Point,
    /// Updates per racer.
    pub steps: u64,
}

/// One racer's result.
#[derive(Clone, Debug, PartialEq)]
pub struct Lap {
    /// The rate at step 0 (the base rate, or where the schedule starts).
    pub lr0: f64,
    /// Every step of the descent.
    pub trajectory: Trajectory,
}

/// Which part of a racer's setting the library refused.
#[derive(Debug)]
pub enum RaceError {
    /// The schedule's options.
    Schedule(OptimError),
    /// The optimizer's options (or clipping).
    Optimizer(OptimError),
}

impl fmt::Display for RaceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RaceError::Schedule(e) => write!(f, "schedule: {e}"),
            RaceError::Optimizer(e) => write!(f, "optimizer: {e}"),
        }
    }
}

impl std::error::Error for RaceError {}

impl Race {
    /// The shared `lr` option, if given.
    pub fn lr(&self) -> Option<f64> {
        self.options.iter().find_map(|(n, v)| match (*n, v) {
            ("lr", Value::Float(lr)) => Some(*lr),
            _ => None,
        })
    }

    /// Runs optimizer `kind` at its own rate `lr` (if it has one).
    pub fn run(&self, kind: OptimizerKind, lr: Option<f64>) -> Result<Lap, RaceError> {
        let base = lr.or(self.lr()).unwrap_or(kind.default_lr());
        let rates = Rates::new(self.schedule, &self.schedule_options, base, self.steps)
            .map_err(RaceError::Schedule)?;
        let (lr0, plateau) = (rates.lr.at(0), rates.plateau);
        let method = OptimizerChoice::new(kind)
            .with_given(&self.options)
            .and_then(|c| c.method(rates.lr, rates.momentum, self.clip))
            .map_err(RaceError::Optimizer)?;
        let trajectory = descend(&self.function, method, plateau, self.start, self.steps);
        Ok(Lap { lr0, trajectory })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn race(options: &[(&'static str, Value)]) -> Race {
        Race {
            function: TestFunction::Rosenbrock,
            options: options.to_vec(),
            schedule: None,
            schedule_options: Vec::new(),
            clip: Clip::None,
            start: [-1.5, 2.0],
            steps: 5,
        }
    }

    #[test]
    fn the_racers_rate_wins_over_the_shared_one_and_the_default() {
        let r = race(&[("lr", Value::Float(0.002))]);
        // Exact: each lr0 is a literal, copied through a constant schedule.
        assert_eq!(r.run(OptimizerKind::Adam, Some(0.05)).unwrap().lr0, 0.05);
        assert_eq!(r.run(OptimizerKind::Adam, None).unwrap().lr0, 0.002);
        assert_eq!(race(&[]).run(OptimizerKind::Adagrad, None).unwrap().lr0, 0.01);
        let lap = race(&[]).run(OptimizerKind::Sgd, None).unwrap();
        assert!(
            lap.trajectory.entries.len() == 6
                && lap.trajectory.entries[5].loss < lap.trajectory.entries[0].loss
        );
    }

    #[test]
    fn refusals_say_which_setting() {
        let e = race(&[("momentum", Value::Float(0.9))]).run(OptimizerKind::Adam, None).unwrap_err();
        assert!(matches!(e, RaceError::Optimizer(_)), "{e}");
        let r = Race { clip: Clip::Value(1.0), ..race(&[]) };
        assert!(matches!(r.run(OptimizerKind::Lbfgs, None), Err(RaceError::Optimizer(_))));
        let r = Race { schedule: Some("step".parse().unwrap()), ..race(&[]) }; // step_size is required
        assert!(matches!(r.run(OptimizerKind::Sgd, None), Err(RaceError::Schedule(_))));
    }
}
