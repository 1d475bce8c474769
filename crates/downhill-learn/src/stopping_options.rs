//! The batch and stopping options of a training run, described once (`StoppingOptions::OPTIONS`:
//! name, range, default, one-line help); `StoppingSettings::resolve` (stopping_settings.rs)
//! applies the given ones over an estimator's defaults. The struct's `Default` holds the defaults
//! help states: scikit-learn's MLP (`StoppingRules` and `Tolerance` defaults); estimators that
//! differ (linear regression) say so in the help line. Two options also take a word
//! (`StoppingOptions::WORDS`): `batch_size full`, `tol none`.
use crate::{Monitor, StoppingRules, Tolerance};
use downhill_optim::{Field, Hyper, OptimError, Range, SchedulePer};

/// The table's values: each option's default as help states it. Only `resolve` turns given
/// options into settings; a value here is not a setting by itself.
#[derive(Clone, Debug, PartialEq)]
pub struct StoppingOptions {
    /// Rows per optimizer step; `None`: the estimator's (or `full`, given as a word).
    pub batch_size: Option<usize>,
    /// Batches per optimizer step.
    pub accumulate: usize,
    /// The most epochs to train.
    pub epochs: usize,
    /// scikit-learn's `tol`.
    pub tol: f64,
    /// scikit-learn's `n_iter_no_change`.
    pub n_iter_no_change: usize,
    /// What the tol rule watches; `None`: `auto` (see `Tolerance::monitor`).
    pub tol_monitor: Option<Monitor>,
    /// The gradient-norm threshold; `None`: off.
    pub grad_tol: Option<f64>,
    /// Early stopping on the validation loss.
    pub early_stopping: bool,
    /// Share of the training rows held out; `None`: derived (see the module docs).
    pub validation_fraction: Option<f64>,
    /// Seconds of training; `None`: no limit.
    pub time_limit: Option<f64>,
    /// When the schedule advances.
    pub schedule_per: SchedulePer,
}

impl Default for StoppingOptions {
    fn default() -> Self {
        let (rules, tol) = (StoppingRules::default(), Tolerance::default());
        StoppingOptions {
            batch_size: None,
            accumulate: 1,
            epochs: rules.max_epochs,
            tol: tol.tol,
            n_iter_no_change: tol.n_iter_no_change,
            tol_monitor: tol.monitor,
            grad_tol: rules.grad_tol,
            early_stopping: false,
            validation_fraction: None,
            time_limit: rules.time_limit_secs,
            schedule_per: SchedulePer::default(),
        }
    }
}

/// `batch_size`'s word for batch gradient descent, and `tol`'s for the rule off.
pub(crate) const FULL: &str = "full";
pub(crate) const NONE: &str = "none";

/// The names `tol_monitor` takes, `auto` first, and what each means (same order).
const MONITOR_NAMES: [&str; 4] = ["auto", "train-loss", "validation-loss", "validation-score"];
const MONITORS: [Option<Monitor>; 4] =
    [None, Some(Monitor::TrainLoss), Some(Monitor::ValidationLoss), Some(Monitor::ValidationScore)];
/// The names `schedule_per` takes and what each means.
const SCHEDULE_PER_NAMES: [&str; 2] = ["epoch", "batch"];
const SCHEDULE_PERS: [SchedulePer; 2] = [SchedulePer::Epoch, SchedulePer::Batch];

impl downhill_optim::Described for StoppingOptions {
    const NAME: &'static str = "stopping";
    const OPTIONS: &'static [Hyper<Self>] = &[
        Hyper::with(
            "batch_size",
            Range::AtLeastOne,
            "rows per optimizer step: 1 (stochastic) or N (mini-batch); default full for linear \
             regression, 32 for the linear classifiers, 200 for mlp",
            Field::DerivedCount(|o: &mut Self| &mut o.batch_size),
        ),
        Hyper::count(
            "accumulate",
            "gradient accumulation: one optimizer step every N batches, on their gradients taken \
             together (as one batch N times larger)",
            |o: &mut Self| &mut o.accumulate,
        ),
        Hyper::count(
            "epochs",
            "maximum number of epochs, scikit-learn's max_iter; 1000 for linear regression",
            |o: &mut Self| &mut o.epochs,
        ),
        Hyper::float(
            "tol",
            Range::NonNegative,
            "stop when the training loss (or, with validation, the validation score) has not \
             improved by this for n_iter_no_change epochs, scikit-learn's rule; off for linear \
             regression",
            |o: &mut Self| &mut o.tol,
        ),
        Hyper::count(
            "n_iter_no_change",
            "epochs without a tol improvement before stopping",
            |o: &mut Self| &mut o.n_iter_no_change,
        ),
        Hyper::with(
            "tol_monitor",
            Range::Any,
            "what tol watches; auto: the validation score when there are validation rows, the \
             training loss otherwise",
            Field::Choice(
                &MONITOR_NAMES,
                |o| name_of(&MONITOR_NAMES, &MONITORS, &o.tol_monitor),
                |o, name| {
                    o.tol_monitor = named("tol_monitor", &MONITOR_NAMES, &MONITORS, name)?;
                    Ok(())
                },
            ),
        ),
        Hyper::with(
            "grad_tol",
            Range::Positive,
            "stop when the norm of the epoch's mean gradient falls below this; off by default, \
             1e-4 for linear regression",
            Field::DerivedFloat(|o: &mut Self| &mut o.grad_tol),
        ),
        Hyper::switch(
            "early_stopping",
            "stop when the validation loss has not improved for patience epochs and restore the \
             best epoch's weights; holds out validation_fraction (0.1 unless given)",
            |o: &mut Self| &mut o.early_stopping,
        ),
        Hyper::with(
            "validation_fraction",
            Range::UnitOpen,
            "fraction of the training rows held out for validation (stratified for \
             classification); default 0, or 0.1 with early stopping or a plateau schedule",
            Field::DerivedFloat(|o: &mut Self| &mut o.validation_fraction),
        ),
        Hyper::with(
            "time_limit",
            Range::Positive,
            "stop after this many seconds of training",
            Field::DerivedFloat(|o: &mut Self| &mut o.time_limit),
        ),
        Hyper::with(
            "schedule_per",
            Range::Any,
            "when the schedule advances: after every epoch or after every batch",
            Field::Choice(
                &SCHEDULE_PER_NAMES,
                |o| name_of(&SCHEDULE_PER_NAMES, &SCHEDULE_PERS, &o.schedule_per),
                |o, name| {
                    o.schedule_per = named("schedule_per", &SCHEDULE_PER_NAMES, &SCHEDULE_PERS, name)?;
                    Ok(())
                },
            ),
        ),
    ];
}

/// The name of `value` among `values` (`names` in the same order).
fn name_of<T: PartialEq>(names: &[&'static str], values: &[T], value: &T) -> &'static str {
    values.iter().position(|v| v == value).map_or(names[0], |k| names[k])
}

/// The value named `name` (`_` read as `-`) among `names`; an error listing them when none is.
fn named<T: Copy>(option: &'static str, names: &[&str], values: &[T], name: &str) -> Result<T, OptimError> {
    let found = names.iter().position(|n| *n == name.replace('_', "-"));
    found.map(|k| values[k]).ok_or_else(|| OptimError::UnknownName {
        kind: option,
        name: name.to_string(),
        accepted: names.join(", "),
    })
}

impl StoppingOptions {
    /// Options that take a word instead of a number: `(option, word, what it means)`, the
    /// option's first entry its word and any later ones accepted spellings of it.
    pub const WORDS: &'static [(&'static str, &'static str, &'static str)] = &[
        ("batch_size", FULL, "one batch of every training row (batch gradient descent)"),
        ("batch_size", "all", "as full"),
        ("tol", NONE, "the rule is off"),
        ("tol", "off", "as none"),
    ];

    /// Whether `word` is one of option `name`'s words.
    pub fn is_word(name: &str, word: &str) -> bool {
        Self::WORDS.iter().any(|(n, w, _)| *n == name && *w == word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{LearnError, TrainConfig};
    use downhill_optim::{Described, Value};

    fn resolve(given: &[(&str, Value)]) -> Result<crate::StoppingSettings, LearnError> {
        crate::StoppingSettings::resolve(given, &TrainConfig::default(), crate::Waiting::default())
    }

    #[test]
    fn every_option_out_of_its_range_is_named_with_the_range() {
        for info in StoppingOptions::default().infos() {
            let Some(bad) = info.range.refused(info.kind) else { continue };
            let e = resolve(&[(info.name, bad.clone())]).unwrap_err();
            let text = e.to_string();
            assert!(text.contains(info.name) && !text.contains('\n'), "{text}");
            match (info.name, e) {
                // The batch size's own rule (batches.rs) says what `full` means too.
                ("batch_size", e) => assert!(e.to_string().contains("positive number of rows"), "{e}"),
                (_, LearnError::OutOfRange { name, range, .. }) => {
                    assert_eq!((name, range), (info.name, info.range))
                }
                (_, e) => panic!("{e}"),
            }
        }
    }
}
