//! A comparison of optimizers and batch sizes on one model (what `downhill compare` runs): every
//! run trains the same model from the same initial weights (same seed, same split) for exactly
//! `epochs` epochs, with no other stopping rule, so the curves are comparable point for point.
//! Each run is summed up by the first epoch whose watched loss (the validation loss when rows are
//! held out, else the training loss) is at most a threshold; the default threshold is the median
//! of the runs' final watched losses, so the faster half of the runs reach it. Each option is
//! described once, in `COMPARE_OPTIONS` (the CLI's flags read it).
use crate::error::check_in;
use crate::{EpochRecord, History, LearnError, StoppingRules, TrainConfig};
use downhill_optim::Range;

/// Epochs per run when the caller does not say.
pub const DEFAULT_EPOCHS: usize = 20;
/// Share of the training rows held out when the caller does not say.
pub const DEFAULT_VALIDATION_FRACTION: f64 = 0.2;
/// Batch sizes compared when the caller does not say.
pub const DEFAULT_BATCH_SIZES: &str = "32";

/// (name, default, rule, help) of each option of a comparison.
pub const COMPARE_OPTIONS: &crate::OptionTable = &[
    ("batch_sizes", "32", "`full`, 1 or N, comma-separated", "batch sizes to compare"),
    ("epochs", "20", ">= 1", "epochs per run: every run trains exactly this long"),
    (
        "validation_fraction",
        "0.2",
        "in [0, 1)",
        "fraction of the training rows held out for validation; 0 compares training losses",
    ),
    (
        "threshold",
        "the median of the runs' final losses, which the faster half reach",
        "finite numbers",
        "loss level for the table's \"epochs to loss\" column",
    ),
];

/// Every run's settings: `template` (model, penalty, seed, optimizer) for exactly `epochs` epochs
/// (default 20) with `validation_fraction` of the rows held out (default 0.2); the error names the
/// option outside its range.
pub fn run_settings(
    epochs: Option<usize>,
    validation_fraction: Option<f64>,
    template: TrainConfig,
) -> Result<TrainConfig, LearnError> {
    let epochs = epochs.unwrap_or(DEFAULT_EPOCHS);
    check_in("epochs", Range::AtLeastOne, epochs as f64)?;
    let validation_fraction = validation_fraction.unwrap_or(DEFAULT_VALIDATION_FRACTION);
    check_in("validation_fraction", Range::UnitOpen, validation_fraction)?;
    Ok(TrainConfig { stopping: StoppingRules::epochs(epochs), validation_fraction, ..template })
}

/// The loss a comparison watches in `r`: its validation loss, else its training loss.
pub fn watched(r: &EpochRecord) -> f64 {
    r.val_loss.unwrap_or(r.train_loss)
}

/// The threshold: `given` (which must be finite), else the median of the runs' final watched
/// losses (the finite ones; the lower middle one of an even count), if any run has one.
pub fn threshold<'a>(
    given: Option<f64>,
    runs: impl IntoIterator<Item = &'a History>,
) -> Result<Option<f64>, LearnError> {
    if let Some(t) = given {
        check_threshold(t)?;
        return Ok(Some(t));
    }
    let mut finals: Vec<f64> =
        runs.into_iter().filter_map(|h| h.last().map(watched)).filter(|v| v.is_finite()).collect();
    finals.sort_by(f64::total_cmp);
    Ok(finals.get(finals.len().saturating_sub(1) / 2).copied())
}

/// Checks a given threshold is finite, as `threshold` does (for a caller that wants the error
/// before any run).
pub fn check_threshold(threshold: f64) -> Result<(), LearnError> {
    check_in("threshold", Range::Finite, threshold)
}

/// The first epoch of `run` whose watched loss is at most `threshold`.
pub fn epoch_reaching(run: &History, threshold: f64) -> Option<usize> {
    run.epochs.iter().find(|r| watched(r) <= threshold).map(|r| r.epoch)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(losses: &[(f64, Option<f64>)]) -> History {
        let mut h = History::default();
        for (i, &(train, val)) in losses.iter().enumerate() {
            h.epochs.push(EpochRecord { val_loss: val, ..EpochRecord::new(i + 1, train) });
        }
        h
    }

    #[test]
    fn the_default_threshold_is_the_median_final_loss_and_the_faster_half_reach_it() {
        let runs = [
            run(&[(1.0, Some(0.9)), (0.5, Some(0.4))]),
            run(&[(1.0, Some(0.8)), (0.7, Some(0.6))]),
            run(&[(1.0, Some(0.7)), (0.2, Some(0.3))]),
            run(&[(f64::NAN, None)]),
        ];
        let t = threshold(None, &runs).unwrap();
        assert_eq!(t, Some(0.4), "validation losses watched, the diverged run left out");
        let reached: Vec<Option<usize>> = runs.iter().map(|r| epoch_reaching(r, 0.4)).collect();
        assert_eq!(reached, [Some(2), None, Some(2), None]);
        assert_eq!(threshold(None, &[run(&[(0.3, None)]), run(&[(0.1, None)])]).unwrap(), Some(0.1));
        assert_eq!(threshold(None, &[]).unwrap(), None);
        assert_eq!(threshold(Some(2.0), &runs).unwrap(), Some(2.0));
        assert!(threshold(Some(f64::NAN), &runs).unwrap_err().to_string().contains("threshold"));
    }

    #[test]
    fn settings_are_the_table_s_defaults_and_ranges() {
        let row = |name: &str| COMPARE_OPTIONS.iter().find(|r| r.0 == name).unwrap().1;
        let s = run_settings(None, None, TrainConfig::default()).unwrap();
        assert_eq!(s.stopping.max_epochs.to_string(), row("epochs"));
        assert_eq!(s.validation_fraction.to_string(), row("validation_fraction"));
        assert_eq!(s.stopping.tol, None, "no stopping rule but the epochs");
        assert_eq!(DEFAULT_BATCH_SIZES, row("batch_sizes"));
        let e = run_settings(Some(0), None, TrainConfig::default()).unwrap_err().to_string();
        assert!(e.contains("epochs"), "{e}");
        let e = run_settings(None, Some(1.0), TrainConfig::default()).unwrap_err().to_string();
        assert!(e.contains("validation_fraction") && e.contains("[0, 1)"), "{e}");
    }
}
