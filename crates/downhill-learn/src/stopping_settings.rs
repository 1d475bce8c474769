//! A run's batch and stopping settings from the options given (`StoppingOptions`' table) over an
//! estimator's defaults:
//!   given option          -> its value;   not given -> the estimator's (`TrainConfig`) default
//!   tol = none            -> the tol rule is off (`n_iter_no_change`, `tol_monitor` then refused)
//!   tol given alone       -> n_iter_no_change is scikit-learn's 10, not the estimator's
//!   validation_fraction   -> 0.1 when a rule waits on the validation loss (early stopping, a
//!                            plateau schedule), else the estimator's; such rules and a
//!                            `tol_monitor` watching validation need it > 0
//! Errors name options (`n_iter_no_change`), so a caller can word them in its own names (flags).
use crate::{
    BatchSize, EarlyStopping, LearnError, Monitor, StoppingOptions, StoppingRules, Tolerance, TrainConfig,
};
use downhill_optim::{Described, SchedulePer, Value};

/// What a run trains with, from the given options over an estimator's defaults.
#[derive(Clone, Debug, PartialEq)]
pub struct StoppingSettings {
    /// When training ends.
    pub rules: StoppingRules,
    /// Rows per optimizer step.
    pub batch_size: BatchSize,
    /// Batches per optimizer step.
    pub accumulate: usize,
    /// Share of the training rows held out.
    pub validation_fraction: f64,
    /// When the schedule advances.
    pub schedule_per: SchedulePer,
}

/// Rules outside this table that shape it: a plateau schedule waits on the validation loss too,
/// and its `patience` is early stopping's.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Waiting {
    /// A reduce-on-plateau schedule is chosen.
    pub plateau: bool,
    /// The `patience` given, if any.
    pub patience: Option<usize>,
}

impl StoppingSettings {
    /// The `given` options over `default`'s, checked one by one (range, kind) and together.
    pub fn resolve(
        given: &[(&str, Value)],
        default: &TrainConfig,
        waiting: Waiting,
    ) -> Result<StoppingSettings, LearnError> {
        let read = Read::from(given)?;
        let o = &read.options;
        let validation_fraction = held_out(o, default.validation_fraction, waiting.plateau)?;
        let early_stopping = o.early_stopping.then(|| EarlyStopping {
            patience: waiting.patience.unwrap_or(EarlyStopping::default().patience),
            ..EarlyStopping::default()
        });
        let rules = StoppingRules {
            max_epochs: if read.has("epochs") { o.epochs } else { default.stopping.max_epochs },
            tol: read.tolerance(default.stopping.tol)?,
            grad_tol: o.grad_tol.or(default.stopping.grad_tol),
            early_stopping,
            time_limit_secs: o.time_limit,
        };
        Ok(StoppingSettings {
            rules,
            batch_size: read.batch_size.unwrap_or(default.batch_size),
            accumulate: if read.has("accumulate") { o.accumulate } else { default.accumulate },
            validation_fraction,
            schedule_per: o.schedule_per,
        })
    }
}

/// The given options, each checked against its range and set on the table's struct; the words.
struct Read<'a> {
    options: StoppingOptions,
    given: &'a [(&'a str, Value)],
    /// `batch_size` given, as a number or `full`.
    batch_size: Option<BatchSize>,
    /// `tol none` given.
    tol_off: bool,
}

impl<'a> Read<'a> {
    fn from(given: &'a [(&'a str, Value)]) -> Result<Read<'a>, LearnError> {
        let mut read = Read { options: StoppingOptions::default(), given, batch_size: None, tol_off: false };
        for (name, value) in given {
            match (*name, value) {
                (name, Value::Choice(w)) if StoppingOptions::is_word(name, w) => match name {
                    "batch_size" => read.batch_size = Some(BatchSize::Full),
                    _ => read.tol_off = true,
                },
                // The batch size's rule (batches.rs) also says what `full` means.
                ("batch_size", Value::Count(n)) => {
                    let rows = BatchSize::Rows(*n as usize);
                    rows.validate()?;
                    read.batch_size = Some(rows);
                }
                _ => {
                    let h = StoppingOptions::option(name)?;
                    if !h.range.accepts_value(value) {
                        let (name, range, value) = (h.name, h.range, value.to_string());
                        return Err(LearnError::OutOfRange { name, range, value });
                    }
                    read.options.set(name, value.clone())?
                }
            }
        }
        Ok(read)
    }

    fn has(&self, name: &str) -> bool {
        self.given.iter().any(|(n, _)| *n == name)
    }

    /// scikit-learn's rule: off with `tol none`, else the given `tol`/`n_iter_no_change` over
    /// `default`'s (a `tol` given alone counts scikit-learn's 10 epochs), watching `tol_monitor`.
    fn tolerance(&self, default: Option<Tolerance>) -> Result<Option<Tolerance>, LearnError> {
        let o = &self.options;
        let tol = match (self.tol_off, self.has("tol"), self.has("n_iter_no_change")) {
            (true, _, true) => {
                return Err(needs("n_iter_no_change", "tol", "needs {} to be a number, not none"))
            }
            (true, ..) => None,
            (false, true, _) => {
                Some(Tolerance { tol: o.tol, n_iter_no_change: o.n_iter_no_change, monitor: None })
            }
            (false, false, true) => {
                Some(Tolerance { n_iter_no_change: o.n_iter_no_change, ..default.unwrap_or_default() })
            }
            (false, false, false) => default,
        };
        match (tol, o.tol_monitor) {
            (None, Some(_)) => Err(needs("tol_monitor", "tol", "needs the {} rule: drop {} none")),
            (Some(t), Some(m)) => Ok(Some(Tolerance { monitor: Some(m), ..t })),
            (tol, None) => Ok(tol),
        }
    }
}

/// The share held out: given, else 0.1 when a rule waits on the validation loss (early stopping,
/// `plateau`), else `default`; those rules and a monitor watching validation need it > 0.
fn held_out(o: &StoppingOptions, default: f64, plateau: bool) -> Result<f64, LearnError> {
    let waits = o.early_stopping || plateau;
    let fraction = TrainConfig::held_out(o.validation_fraction, waits, default);
    if waits && fraction == 0.0 {
        let option = if o.early_stopping { "early_stopping" } else { "plateau" };
        let rule = "watches the validation loss: give {} > 0 (e.g. 0.1)";
        return Err(needs(option, "validation_fraction", rule));
    }
    let watches = matches!(o.tol_monitor, Some(Monitor::ValidationLoss | Monitor::ValidationScore));
    if watches && fraction == 0.0 {
        let rule = "watches validation rows: give {} > 0 (e.g. 0.1)";
        return Err(needs("tol_monitor", "validation_fraction", rule));
    }
    Ok(fraction)
}

fn needs(option: &'static str, other: &'static str, rule: &'static str) -> LearnError {
    LearnError::Needs { option, other, rule }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stopping_options::{FULL, NONE};

    fn resolve(given: &[(&str, Value)]) -> Result<StoppingSettings, LearnError> {
        StoppingSettings::resolve(given, &TrainConfig::default(), Waiting::default())
    }

    #[test]
    fn nothing_given_keeps_the_estimators_defaults() {
        let default = TrainConfig::default();
        let s = resolve(&[]).unwrap();
        assert_eq!((s.rules, s.batch_size), (default.stopping, default.batch_size));
        assert_eq!((s.accumulate, s.schedule_per), (default.accumulate, SchedulePer::Epoch));
        // Exact: no arithmetic, the default is copied.
        assert_eq!(s.validation_fraction, default.validation_fraction);
    }

    #[test]
    fn given_options_and_words_override_the_defaults() {
        let s = resolve(&[
            ("batch_size", Value::Choice(FULL.into())),
            ("epochs", Value::Count(7)),
            ("tol", Value::Float(0.5)),
            ("schedule_per", Value::Choice("batch".into())),
        ])
        .unwrap();
        assert_eq!(
            (s.batch_size, s.rules.max_epochs, s.schedule_per),
            (BatchSize::Full, 7, SchedulePer::Batch)
        );
        // A tol given alone takes scikit-learn's n_iter_no_change (10), not the estimator's.
        assert_eq!(s.rules.tol, Some(Tolerance { tol: 0.5, n_iter_no_change: 10, monitor: None }));
        assert_eq!(resolve(&[("tol", Value::Choice(NONE.into()))]).unwrap().rules.tol, None);
        let all = resolve(&[("batch_size", Value::Choice("all".into()))]).unwrap(); // `full`'s other spelling
        assert_eq!(all.batch_size, BatchSize::Full);
        let waits = Waiting { plateau: false, patience: Some(3) };
        let early = [("early_stopping", Value::Switch(true))];
        let s = StoppingSettings::resolve(&early, &TrainConfig::default(), waits).unwrap();
        assert_eq!(s.rules.early_stopping.map(|e| e.patience), Some(3));
        // Exact: the held-out share is the constant itself.
        assert_eq!(s.validation_fraction, EarlyStopping::VALIDATION_FRACTION);
    }

    #[test]
    fn rules_across_options_name_both() {
        let none = ("tol", Value::Choice(NONE.into()));
        let e = resolve(&[none.clone(), ("n_iter_no_change", Value::Count(3))]).unwrap_err();
        assert_eq!(e.to_string(), "n_iter_no_change needs tol to be a number, not none");
        let train = ("tol_monitor", Value::Choice("train-loss".into()));
        let e = resolve(&[none, train]).unwrap_err();
        assert_eq!(e.to_string(), "tol_monitor needs the tol rule: drop tol none");
        let e = resolve(&[("tol_monitor", Value::Choice("validation-score".into()))]).unwrap_err();
        assert!(e
            .to_string()
            .starts_with("tol_monitor watches validation rows: give validation_fraction > 0"));
        let early = [("early_stopping", Value::Switch(true)), ("validation_fraction", Value::Float(0.0))];
        let e = resolve(&early).unwrap_err().to_string();
        assert!(e.starts_with("early_stopping watches the validation loss"), "{e}");
    }
}
