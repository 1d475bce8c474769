//! Restarts: train from `n` seeds, keep the run that ends lowest, and say how far apart the runs
//! ended (issue 14: local minima).
//!   seeds        s_k = seed + k, k = 0..n (wrapping). Every random stream passes its seed through
//!                splitmix64 first (seeds.rs), so neighbouring seeds draw unrelated weights, batch
//!                orders and dropout masks; restart 0 is the run without restarts, and the caller
//!                keeps the validation rows of `seed` (`TrainConfig::split_seed`) so that every
//!                run's loss is measured on the same rows.
//!   final loss   L_k = the validation loss of the epoch whose weights run k ends with (the
//!                restored epoch under early stopping, else the last), its training loss when
//!                there are no validation rows.
//!   kept         argmin_k L_k over the healthy runs (not stopped by a non-finite loss, L_k
//!                finite), the first on ties; over every run only when none is healthy.
//!   finding      many basins (basins.rs) when the healthy runs end far apart, added to the kept
//!                run's warnings; not when a run was stopped by the stop flag (Ctrl-C), which
//!                also ends the restarts: the runs so far compete.
use crate::basins::Band;
use crate::{History, LearnError, StopReason, Trained};
use serde::Serialize;

/// A fitted value that carries the record of its training.
pub trait WithHistory {
    /// The record of its training.
    fn history(&self) -> &History;
    /// The record, to add findings to.
    fn history_mut(&mut self) -> &mut History;
}

impl WithHistory for Trained {
    fn history(&self) -> &History {
        &self.history
    }
    fn history_mut(&mut self) -> &mut History {
        &mut self.history
    }
}

/// One restart: its seed, how it ended and the loss it ended at.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RestartRun {
    /// The run's seed, `seed + k`.
    pub seed: u64,
    /// `L_k` (NaN, written as null, when the run recorded no finite loss).
    pub final_loss: f64,
    /// The same loss after the first epoch, where the descent is measured from.
    pub first_loss: f64,
    /// Stopped by a non-finite loss.
    pub diverged: bool,
    /// Stopped by the stop flag (Ctrl-C), which ends the restarts.
    pub interrupted: bool,
    /// Epochs the run trained.
    pub epochs: usize,
}

/// Every restart, the one kept, and the spread of the healthy ones.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Restarts {
    /// One entry per restart, in seed order.
    pub runs: Vec<RestartRun>,
    /// Index into `runs` of the run kept.
    pub kept: usize,
    /// Which loss `final_loss` is: `validation` or `training`.
    pub loss: &'static str,
    /// Lowest final loss of the healthy runs (NaN, null, when none is healthy).
    pub best: f64,
    /// Highest final loss of the healthy runs (NaN, null, when none is healthy).
    pub worst: f64,
    /// `(worst - best) / best`.
    pub spread: f64,
    /// Mean first-epoch loss of the healthy runs, where the descent is measured from.
    pub first: f64,
    /// `(worst - best) / (first - best)`: the share of the descent that the seed decides.
    pub share: f64,
}

impl RestartRun {
    fn of(seed: u64, h: &History) -> RestartRun {
        RestartRun {
            seed,
            final_loss: final_loss(h),
            first_loss: h.epochs.first().map_or(f64::NAN, |r| r.val_loss.unwrap_or(r.train_loss)),
            diverged: matches!(h.stop, Some(StopReason::NonFiniteLoss { .. })),
            interrupted: matches!(h.stop, Some(StopReason::Interrupted { .. })),
            epochs: h.epochs.len(),
        }
    }
}

impl Restarts {
    /// The seed of the run kept.
    pub fn kept_seed(&self) -> u64 {
        self.runs[self.kept].seed
    }
}

/// The seeds of `n` restarts from `seed`.
pub fn restart_seeds(seed: u64, n: usize) -> impl Iterator<Item = u64> {
    (0..n as u64).map(move |k| seed.wrapping_add(k))
}

/// Runs `fit(k, s_k)` for each of `n` restarts from `seed` and returns the kept run, its history
/// holding the many-basins finding if the runs ended far apart, and the summary of all runs.
/// Only the best run so far is held in memory.
pub fn restarts<T, E>(
    n: usize,
    seed: u64,
    mut fit: impl FnMut(usize, u64) -> Result<T, E>,
) -> Result<(T, Restarts), E>
where
    T: WithHistory,
    E: From<LearnError>,
{
    if n == 0 {
        return Err(LearnError::invalid("restarts", "an integer >= 1 (runs from different seeds)", 0).into());
    }
    let (mut runs, mut best): (Vec<RestartRun>, Option<T>) = (Vec::new(), None);
    let mut kept = 0;
    let mut interrupted = false;
    for (k, s) in restart_seeds(seed, n).enumerate() {
        let trained = fit(k, s)?;
        let run = RestartRun::of(s, trained.history());
        interrupted = run.interrupted;
        if best.is_none() || better(&run, &runs[kept]) {
            (best, kept) = (Some(trained), k);
        }
        runs.push(run);
        if interrupted {
            break;
        }
    }
    let mut best = best.ok_or_else(|| LearnError::invalid("restarts", "an integer >= 1", 0))?;
    let ends: Vec<(f64, f64)> =
        runs.iter().filter(|r| healthy(r)).map(|r| (r.first_loss, r.final_loss)).collect();
    let band = Band::of(&ends);
    if let Some(w) = band.many_basins().filter(|_| !interrupted) {
        best.history_mut().warnings.push(w);
    }
    let validated = best.history().epochs.iter().any(|r| r.val_loss.is_some());
    let loss = if validated { "validation" } else { "training" };
    let (spread, share) = (band.spread(), band.share());
    let (first, lo, hi) = (band.first, band.best, band.worst);
    Ok((best, Restarts { runs, kept, loss, best: lo, worst: hi, spread, first, share }))
}

/// `L_k`: the validation (else training) loss of the epoch whose weights the run ends with.
pub fn final_loss(h: &History) -> f64 {
    let held = h.restored_epoch.and_then(|e| h.epochs.iter().find(|r| r.epoch == e));
    held.or(h.last()).map_or(f64::NAN, |r| r.val_loss.unwrap_or(r.train_loss))
}

fn healthy(r: &RestartRun) -> bool {
    !r.diverged && r.final_loss.is_finite()
}

/// Whether `a` beats the run kept so far, `b`: health first, then a strictly lower loss.
fn better(a: &RestartRun, b: &RestartRun) -> bool {
    match (healthy(a), healthy(b)) {
        (true, false) => true,
        (false, true) => false,
        _ => a.final_loss < b.final_loss || (!b.final_loss.is_finite() && a.final_loss.is_finite()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{EpochRecord, Warning};

    /// A run that fell from 2.0 to `last` (validation loss), stopped by `stop`.
    #[derive(Debug)]
    struct Run(History);

    impl WithHistory for Run {
        fn history(&self) -> &History {
            &self.0
        }
        fn history_mut(&mut self) -> &mut History {
            &mut self.0
        }
    }

    fn record(epoch: usize, val_loss: f64) -> EpochRecord {
        EpochRecord { val_loss: Some(val_loss), ..EpochRecord::new(epoch, val_loss / 2.0) }
    }

    fn run(last: f64, stop: StopReason) -> Run {
        Run(History { epochs: vec![record(1, 2.0), record(2, last)], stop: Some(stop), ..History::default() })
    }

    fn ended() -> StopReason {
        StopReason::MaxEpochs { epochs: 2 }
    }

    fn diverged() -> StopReason {
        StopReason::NonFiniteLoss { epoch: 2, batch: 1, lr: 10.0 }
    }

    /// Restarts from seed 40 whose run k ends as `ends[k]`.
    fn restart(ends: Vec<(f64, StopReason)>) -> (Run, Restarts) {
        let n = ends.len();
        let mut ends = ends.into_iter();
        restarts(n, 40, |_, _| Ok::<_, LearnError>(ends.next().map(|(l, s)| run(l, s)).unwrap())).unwrap()
    }

    #[test]
    fn the_lowest_final_validation_loss_is_kept_and_a_diverged_run_never_is() {
        // The diverged run's last finite loss (0.3) is the lowest, but it diverged.
        let (kept, r) = restart(vec![(0.5, ended()), (0.3, diverged()), (0.4, ended()), (0.45, ended())]);
        assert_eq!((r.kept, r.kept_seed(), r.loss), (2, 42, "validation"));
        assert_eq!(r.runs.iter().map(|r| r.seed).collect::<Vec<_>>(), [40, 41, 42, 43]);
        assert!(r.runs[1].diverged && !r.runs[0].diverged);
        assert!((kept.0.last().unwrap().val_loss.unwrap() - 0.4).abs() < 1e-12);
        // Over the healthy runs: 0.4 to 0.5 is 25 % above the best and 0.1 / (2.0 - 0.4) of the descent.
        assert!((r.best - 0.4).abs() < 1e-12 && (r.worst - 0.5).abs() < 1e-12, "{r:?}");
        assert!((r.spread - 0.25).abs() < 1e-9 && (r.share - 0.0625).abs() < 1e-9, "{r:?}");
        assert!(kept.0.warnings.is_empty(), "6 % of the descent is one basin");
    }

    #[test]
    fn runs_far_apart_add_the_finding_to_the_kept_run() {
        // 0.5 to 0.8: 60 % above the best and 0.3 / 1.5 = 20 % of the descent.
        let (kept, r) = restart(vec![(0.8, ended()), (0.5, ended()), (0.6, ended())]);
        assert_eq!(r.kept, 1);
        assert!(
            matches!(kept.0.warnings[..], [Warning::ManyBasins { runs: 3, .. }]),
            "{:?}",
            kept.0.warnings
        );
    }

    #[test]
    fn when_every_run_diverges_the_lowest_is_kept_and_nothing_is_found() {
        let (kept, r) = restart(vec![(0.9, diverged()), (0.7, diverged()), (f64::NAN, diverged())]);
        assert_eq!(r.kept, 1);
        assert!(kept.0.warnings.is_empty() && r.best.is_nan());
        assert!(matches!(kept.0.stop, Some(StopReason::NonFiniteLoss { .. })));
    }

    #[test]
    fn an_interrupted_run_ends_the_restarts_without_a_finding() {
        let stop = StopReason::Interrupted { epoch: 2, batch: 1 };
        let (kept, r) = restart(vec![(0.5, ended()), (1.9, stop), (0.6, ended())]);
        assert_eq!((r.runs.len(), r.kept, r.runs[1].interrupted), (2, 0, true));
        assert!(kept.0.warnings.is_empty(), "{:?}", kept.0.warnings);
    }

    #[test]
    fn zero_restarts_is_an_error_naming_the_option() {
        let e = restarts(0, 0, |_, _| Ok::<_, LearnError>(run(1.0, ended()))).unwrap_err();
        assert!(e.to_string().contains("restarts"), "{e}");
    }

    #[test]
    fn the_final_loss_is_that_of_the_weights_kept() {
        let mut h = run(0.9, ended()).0;
        assert!((final_loss(&h) - 0.9).abs() < 1e-12);
        h.restored_epoch = Some(1); // early stopping restored epoch 1's weights
        assert!((final_loss(&h) - 2.0).abs() < 1e-12);
        h.epochs.iter_mut().for_each(|r| r.val_loss = None); // no validation rows: the training loss
        assert!((final_loss(&h) - 1.0).abs() < 1e-12);
        assert!(final_loss(&History::default()).is_nan());
    }

    #[test]
    fn seeds_count_up_from_the_base_and_wrap() {
        assert_eq!(restart_seeds(7, 3).collect::<Vec<_>>(), [7, 8, 9]);
        assert_eq!(restart_seeds(u64::MAX, 2).collect::<Vec<_>>(), [u64::MAX, 0]);
    }
}
