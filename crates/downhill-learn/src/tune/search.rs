//! A hyperparameter search: which configurations train, for how long and in what order. Training
//! a configuration is the caller's `evaluate`, which reports its validation metric (higher is
//! better) or `None` for a run that failed (diverged).
//!   random   `trials` configurations drawn from the space; trial i from seed (seed, Search, i)
//!   grid     every point of the grid (`points` values per continuous range)
//!   halving  `trials` drawn configurations, then successive halving (halving.rs)
//! The trials of a rung run side by side on a pool of `jobs` threads. The trials' own parallel
//! kernels run on the same pool, so a search never asks for more threads than `jobs`.
//! Each option is described once, in `TUNE_OPTIONS` (the CLI's flags read it).
use super::halving::{best, Rungs};
use super::space::{Assignment, SearchSpace};
use crate::seeds::{self, Stream};
use crate::LearnError;
use rayon::prelude::*;

/// (name, default, rule, help) of each option of a search.
pub const TUNE_OPTIONS: &crate::OptionTable = &[
    ("trials", "20", ">= 1", "configurations drawn by random search and by halving"),
    (
        "eta",
        "3",
        ">= 2",
        "halving's reduction factor: each rung keeps the best 1/eta of its trials, with eta times the \
         epochs",
    ),
    (
        "grid_points",
        "3",
        ">= 2",
        "grid values per continuous range: log-spaced for loguniform, both ends included",
    ),
];

/// Configurations drawn when the caller does not say.
pub const DEFAULT_TRIALS: usize = 20;
/// Halving's reduction factor when the caller does not say.
pub const DEFAULT_ETA: usize = 3;
/// Grid values per continuous range when the caller does not say.
pub const DEFAULT_GRID_POINTS: usize = 3;
/// Share of the training rows held out to score the trials on when the run holds out none of its
/// own (a run's `validation_fraction`, not an option of the search).
pub const DEFAULT_VALIDATION_FRACTION: f64 = 0.2;

/// How configurations are chosen and trained.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Strategy {
    /// `trials` configurations drawn at random from the space.
    Random,
    /// Every point of the grid.
    Grid {
        /// Values per continuous range (both ends included).
        points: usize,
    },
    /// `trials` drawn configurations, then successive halving (Jamieson & Talwalkar 2016).
    Halving {
        /// The reduction factor η: each rung keeps the best 1/η with η times the epochs (>= 2).
        eta: usize,
    },
}

/// A search's settings.
#[derive(Clone, Debug, PartialEq)]
pub struct Search {
    /// The hyperparameters and where their values come from.
    pub space: SearchSpace,
    /// How configurations are chosen and trained.
    pub strategy: Strategy,
    /// Configurations drawn (random and halving; a grid has its own size).
    pub trials: usize,
    /// Seed of the random draws.
    pub seed: u64,
    /// Epochs of a full trial (halving's budget E).
    pub max_epochs: usize,
    /// Trials trained at once.
    pub jobs: usize,
}

/// One training run: configuration `id` in rung `rung`, for `epochs` epochs (`None`: the
/// configured number).
#[derive(Clone, Debug, PartialEq)]
pub struct Trial {
    /// The configuration's index among the search's configurations.
    pub id: usize,
    /// The halving rung, from 0 (always 0 for random and grid).
    pub rung: usize,
    /// Epochs to train; `None`: the configured number.
    pub epochs: Option<usize>,
    /// The value of each hyperparameter.
    pub assignment: Assignment,
}

/// What a trial gave: its validation metric (`None`: it failed), the epochs it ran and anything the
/// caller keeps (the trained model).
#[derive(Clone, Debug)]
pub struct Outcome<T> {
    /// The validation metric (higher is better); `None`: the run failed.
    pub metric: Option<f64>,
    /// Epochs the run trained.
    pub epochs: usize,
    /// Wall time of the run, in seconds.
    pub seconds: f64,
    /// What the caller keeps from the run (the trained model).
    pub payload: T,
}

/// A trial and its outcome.
#[derive(Clone, Debug)]
pub struct Record<T> {
    /// The trial run.
    pub trial: Trial,
    /// What it gave.
    pub outcome: Outcome<T>,
}

impl Search {
    /// Checks the settings (`trials`, `jobs`, halving's `eta` and budget); the error names the first bad one.
    pub fn validate(&self) -> Result<(), LearnError> {
        if self.trials == 0 {
            return Err(LearnError::invalid("trials", "an integer >= 1", 0));
        }
        if self.jobs == 0 {
            return Err(LearnError::invalid("jobs", "an integer >= 1", 0));
        }
        self.rungs().map(|_| ())
    }

    /// The configurations the search trains, in trial order.
    pub fn configurations(&self) -> Result<Vec<Assignment>, LearnError> {
        match self.strategy {
            Strategy::Grid { points } => self.space.grid(points),
            Strategy::Random | Strategy::Halving { .. } => Ok((0..self.trials)
                .map(|i| self.space.sample(&mut seeds::rng(self.seed, Stream::Search, i as u64)))
                .collect()),
        }
    }

    /// Successive halving's rungs, for that strategy.
    pub fn rungs(&self) -> Result<Option<Rungs>, LearnError> {
        match self.strategy {
            Strategy::Halving { eta } => Rungs::plan(self.trials, eta, self.max_epochs).map(Some),
            _ => Ok(None),
        }
    }

    /// Every trial the search trains, rung after rung, each rung's trials side by side.
    pub fn run<T, E, F>(&self, evaluate: F) -> Result<Vec<Record<T>>, E>
    where
        T: Send,
        E: Send + From<LearnError>,
        F: Fn(&Trial) -> Result<Outcome<T>, E> + Sync,
    {
        self.validate()?;
        let configs = self.configurations()?;
        let rungs = self.rungs()?;
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(self.jobs)
            .build()
            .map_err(|e| LearnError::invalid("jobs", "a thread count the system grants", e))?;
        let (mut records, mut alive): (Vec<Record<T>>, Vec<usize>) =
            (Vec::new(), (0..configs.len()).collect());
        let rounds = rungs.as_ref().map_or(1, |r| r.epochs.len());
        for rung in 0..rounds {
            let epochs = rungs.as_ref().map(|r| r.epochs[rung]);
            let trials: Vec<Trial> = (alive.iter())
                .map(|&id| Trial { id, rung, epochs, assignment: configs[id].clone() })
                .collect();
            let outcomes: Vec<Outcome<T>> =
                pool.install(|| trials.par_iter().map(&evaluate).collect::<Result<_, E>>())?;
            let metrics: Vec<Option<f64>> = outcomes.iter().map(|o| o.metric).collect();
            if let Some(r) = rungs.as_ref().filter(|_| rung + 1 < rounds) {
                alive = best(&metrics, r.trials[rung + 1]).into_iter().map(|k| alive[k]).collect();
            }
            records
                .extend(trials.into_iter().zip(outcomes).map(|(trial, outcome)| Record { trial, outcome }));
        }
        Ok(records)
    }
}

/// The index of the winner in `records`: the best metric among the trials of the last rung (all
/// trials when there is one rung); `None` when none of them finished.
pub fn winner<T>(records: &[Record<T>]) -> Option<usize> {
    let last = records.iter().map(|r| r.trial.rung).max()?;
    let finalists: Vec<usize> = (0..records.len()).filter(|&i| records[i].trial.rung == last).collect();
    let metrics: Vec<Option<f64>> = finalists.iter().map(|&i| records[i].outcome.metric).collect();
    let first = finalists[*best(&metrics, 1).first()?];
    records[first].outcome.metric.filter(|m| m.is_finite()).map(|_| first)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A made-up objective: the metric peaks at lr = 0.01 and grows with the epochs trained.
    fn evaluate(t: &Trial) -> Result<Outcome<()>, LearnError> {
        let lr: f64 = t.assignment[0].1.parse().unwrap();
        let epochs = t.epochs.unwrap_or(100);
        let metric = -(lr.log10() + 2.0).powi(2) - 1.0 / epochs as f64;
        Ok(Outcome { metric: Some(metric), epochs, seconds: 0.0, payload: () })
    }

    #[test]
    fn the_options_table_states_the_defaults_and_the_checks_refuse_what_it_refuses() {
        let row = |name: &str| TUNE_OPTIONS.iter().find(|r| r.0 == name).unwrap().1;
        assert_eq!(DEFAULT_TRIALS.to_string(), row("trials"));
        assert_eq!(DEFAULT_ETA.to_string(), row("eta"));
        assert_eq!(DEFAULT_GRID_POINTS.to_string(), row("grid_points"));
        let space = SearchSpace::parse("lr=loguniform(1e-5, 1)").unwrap();
        let search = |strategy, trials| Search {
            space: space.clone(),
            strategy,
            trials,
            seed: 0,
            max_epochs: 9,
            jobs: 1,
        };
        let error =
            |s: Search| s.validate().and_then(|_| s.configurations().map(|_| ())).unwrap_err().to_string();
        assert!(error(search(Strategy::Random, 0)).contains("trials"));
        assert!(error(search(Strategy::Halving { eta: 1 }, 4)).contains("eta"));
        assert!(error(search(Strategy::Grid { points: 1 }, 1)).contains("grid_points"));
        let fine = search(Strategy::Grid { points: DEFAULT_GRID_POINTS }, DEFAULT_TRIALS);
        assert_eq!(fine.configurations().unwrap().len(), DEFAULT_GRID_POINTS);
    }

    #[test]
    fn halving_promotes_the_best_and_trains_less() {
        let space = SearchSpace::parse("lr=loguniform(1e-5, 1)").unwrap();
        let search = Search {
            space,
            strategy: Strategy::Halving { eta: 3 },
            trials: 20,
            seed: 7,
            max_epochs: 200,
            jobs: 2,
        };
        let records = search.run(evaluate).unwrap();
        let per_rung: Vec<usize> =
            (0..4).map(|k| records.iter().filter(|r| r.trial.rung == k).count()).collect();
        assert_eq!(per_rung, [20, 6, 2, 1]);
        let epochs: usize = records.iter().map(|r| r.outcome.epochs).sum();
        assert_eq!(epochs, 606);
        // Rung 1 holds exactly the 6 configurations closest to lr = 0.01 in rung 0.
        let mut first: Vec<(f64, usize)> = (records.iter().filter(|r| r.trial.rung == 0))
            .map(|r| (r.outcome.metric.unwrap(), r.trial.id))
            .collect();
        first.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut promoted: Vec<usize> =
            records.iter().filter(|r| r.trial.rung == 1).map(|r| r.trial.id).collect();
        let mut expected: Vec<usize> = first[..6].iter().map(|p| p.1).collect();
        promoted.sort();
        expected.sort();
        assert_eq!(promoted, expected);
        // The winner is the configuration best in rung 0 too (the objective's ranking does not
        // change with the epochs), trained for the full budget.
        let w = &records[winner(&records).unwrap()];
        assert_eq!((w.trial.id, w.trial.epochs), (first[0].1, Some(200)));
    }

    #[test]
    fn random_search_is_reproducible_from_its_seed() {
        let space = SearchSpace::parse("lr=loguniform(1e-5, 1), bs=choice(16, 32)").unwrap();
        let search =
            Search { space, strategy: Strategy::Random, trials: 5, seed: 3, max_epochs: 10, jobs: 1 };
        let a = search.configurations().unwrap();
        assert_eq!(a, search.configurations().unwrap());
        assert_ne!(a, Search { seed: 4, ..search.clone() }.configurations().unwrap());
        let records = search.run(evaluate).unwrap();
        assert!(records.iter().all(|r| r.trial.epochs.is_none() && r.trial.rung == 0));
        assert_eq!(records.len(), 5);
        let bad = Search { jobs: 0, ..search };
        assert!(bad.run(evaluate).unwrap_err().to_string().contains("jobs"));
    }
}
