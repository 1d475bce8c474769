//! The rules on options given to a schedule by name, in the order a caller reports them: each one
//! the schedule's table lists, none it requires left out (a length torch requires may be left out
//! when the run's length is known: it then covers the run), no optimizer `lr` for a schedule that
//! sets its own rate, each in its range, then the rules across options (`ScheduleSetting`,
//! `PlateauOptions`). `OptionFamily` holds the table checks for every schedule at once.
use crate::describe::{Described, OptionFamily, Value};
use crate::{OptimError, PlateauOptions, ScheduleChoice, ScheduleKind, ScheduleSetting};
use std::sync::OnceLock;

impl ScheduleChoice {
    /// Every schedule with its options, in the order `all` lists them.
    pub fn family() -> &'static OptionFamily {
        static FAMILY: OnceLock<OptionFamily> = OnceLock::new();
        FAMILY.get_or_init(|| {
            OptionFamily::new(Self::all().into_iter().map(|c| (c.name(), c.options())).collect())
        })
    }

    /// Checks the `given` options of this schedule; `lr_given`: the optimizer's rate was set too;
    /// `run_known`: the run's length is known up front (training).
    ///
    /// ```
    /// use downhill_optim::{OptimError, ScheduleChoice, Value};
    /// let onecycle: ScheduleChoice = "onecycle".parse().unwrap();
    /// let max_lr = [("max_lr", Value::Float(0.1))];
    /// assert!(onecycle.check_given(&max_lr, false, false).is_ok());
    /// let e = onecycle.check_given(&max_lr, true, false).unwrap_err();
    /// assert!(matches!(e, OptimError::RateIgnored { schedule: "onecycle", .. }), "{e}");
    /// ```
    pub fn check_given(
        self,
        given: &[(&'static str, Value)],
        lr_given: bool,
        run_known: bool,
    ) -> Result<(), OptimError> {
        let (family, name) = (Self::family(), self.name());
        family.check_taken(given, name)?;
        if let Some(option) = family.missing(given, name, run_known) {
            return Err(OptimError::MissingOption { option, of: name });
        }
        if let (true, ScheduleChoice::Pure(kind)) = (lr_given, self) {
            if kind.own_rate().is_some() {
                return Err(OptimError::RateIgnored { schedule: name, applies_to: with_base_rate() });
            }
        }
        family.check_ranges(given, name)?;
        match self {
            // The rules across options; the base rate does not enter them.
            ScheduleChoice::Pure(kind) => ScheduleSetting::new(kind, given, 1.0).map(drop),
            ScheduleChoice::Plateau => PlateauOptions::from_given(given).map(drop),
        }
    }
}

/// The schedules that start from the optimizer's rate, in words: `every schedule but onecycle
/// (starts at ...) and optimal`.
fn with_base_rate() -> String {
    let own: Vec<String> = ScheduleKind::all()
        .into_iter()
        .filter_map(|k| match k.own_rate()? {
            "" => Some(k.name().to_string()),
            why => Some(format!("{} ({why})", k.name())),
        })
        .collect();
    format!("every schedule but {}", own.join(" and "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(name: &str, given: &[(&'static str, Value)], lr_given: bool) -> Result<(), OptimError> {
        name.parse::<ScheduleChoice>().unwrap().check_given(given, lr_given, false)
    }

    #[test]
    fn options_must_be_the_schedules_and_required_ones_given() {
        let gamma = [("gamma", Value::Float(0.5))];
        assert!(check("exponential", &gamma, false).is_ok());
        assert!(matches!(check("cosine", &gamma, false), Err(OptimError::NotTaken { option: "gamma", .. })));
        let e = check("cosine", &[], false).unwrap_err();
        assert!(matches!(e, OptimError::MissingOption { option: "t_max", of: "cosine" }), "{e}");
        let cosine: ScheduleChoice = "cosine".parse().unwrap();
        assert!(cosine.check_given(&[], false, true).is_ok()); // training covers the run
        let bad = [("t_max", Value::Count(0))];
        assert!(matches!(check("cosine", &bad, false), Err(OptimError::OutOfRange { option: "t_max", .. })));
    }

    #[test]
    fn schedules_that_set_their_own_rate_refuse_lr_and_say_which_take_it() {
        let e = check("optimal", &[], true).unwrap_err();
        let OptimError::RateIgnored { applies_to, .. } = e else { panic!("{e}") };
        assert!(
            applies_to.starts_with("every schedule but onecycle (starts at")
                && applies_to.ends_with(" and optimal")
        );
        assert!(check("step", &[("step_size", Value::Count(2))], true).is_ok());
    }

    #[test]
    fn rules_across_options_come_last() {
        let given = [("max_lr", Value::Float(0.1)), ("base_momentum", Value::Float(0.97))];
        let e = check("onecycle", &given, false).unwrap_err();
        assert!(
            matches!(e, OptimError::AboveOption { option: "base_momentum", bound: "max_momentum", .. }),
            "{e}"
        );
    }
}
