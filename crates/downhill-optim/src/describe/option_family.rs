//! A family of owners (the optimizers, the schedules, weight averaging) and the options each one's
//! table lists: which owners take an option, and the checks every caller of the tables needs on
//! options given by name (each taken by the chosen owner, each in that owner's range, none of its
//! required ones left out). Callers only render the errors, in their own names for the options.
use super::{OptionInfo, Value};
use crate::OptimError;

/// Owners by name, each with its option table, in the order they are listed.
#[derive(Clone, Debug)]
pub struct OptionFamily {
    owners: Vec<(&'static str, Vec<OptionInfo>)>,
    /// Every option's name, in the order the tables first name them.
    names: Vec<&'static str>,
}

impl OptionFamily {
    /// The family of `owners`, each with its options.
    pub fn new(owners: Vec<(&'static str, Vec<OptionInfo>)>) -> OptionFamily {
        let mut names: Vec<&'static str> = Vec::new();
        for o in owners.iter().flat_map(|(_, options)| options) {
            if !names.contains(&o.name) {
                names.push(o.name);
            }
        }
        OptionFamily { owners, names }
    }

    /// Every owner with its options, in order.
    pub fn owners(&self) -> &[(&'static str, Vec<OptionInfo>)] {
        &self.owners
    }

    /// Every option's name, in the order the tables first name them.
    pub fn names(&self) -> &[&'static str] {
        &self.names
    }

    /// The owners that take option `name`, in order.
    pub fn owners_of(&self, name: &str) -> Vec<&'static str> {
        self.owners.iter().filter(|(_, o)| o.iter().any(|o| o.name == name)).map(|(n, _)| *n).collect()
    }

    /// Option `name` as `owner` takes it.
    pub fn info(&self, owner: &str, name: &str) -> Option<&OptionInfo> {
        let (_, options) = self.owners.iter().find(|(n, _)| *n == owner)?;
        options.iter().find(|o| o.name == name)
    }

    /// Option by option, in the order given: each is taken by every owner in `chosen` and lies
    /// in its range (a race of optimizers shares one set of flags).
    pub fn check(&self, given: &[(&'static str, Value)], chosen: &[&str]) -> Result<(), OptimError> {
        for one in given {
            for owner in chosen {
                self.check_taken(std::slice::from_ref(one), owner)?;
                self.check_ranges(std::slice::from_ref(one), owner)?;
            }
        }
        Ok(())
    }

    /// Every given option is one of `owner`'s (`NotTaken` names the owners that take it).
    pub fn check_taken(&self, given: &[(&'static str, Value)], owner: &str) -> Result<(), OptimError> {
        match given.iter().find(|(name, _)| self.info(owner, name).is_none()) {
            Some((option, _)) => Err(self.not_taken(option, owner)),
            None => Ok(()),
        }
    }

    /// The error for option `option` given to `owner` (or to no owner: `owner` says what is used).
    pub fn not_taken(&self, option: &'static str, owner: &str) -> OptimError {
        OptimError::NotTaken { option, owner: owner.to_string(), owners: self.owners_of(option) }
    }

    /// Every given value lies in `owner`'s range for it.
    pub fn check_ranges(&self, given: &[(&'static str, Value)], owner: &str) -> Result<(), OptimError> {
        for (option, value) in given {
            match self.info(owner, option) {
                Some(o) if !o.range.accepts_value(value) => {
                    return Err(OptimError::OutOfRange { option, value: value.clone(), range: o.range })
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// The first option `owner` needs that is not given, in the tables' order (lengths that cover
    /// the run when it is known are not needed then).
    pub fn missing(
        &self,
        given: &[(&'static str, Value)],
        owner: &str,
        run_known: bool,
    ) -> Option<&'static str> {
        let needs = |name: &&'static str| self.info(owner, name).is_some_and(|o| o.required.when(run_known));
        self.names.iter().copied().filter(needs).find(|n| given.iter().all(|(g, _)| g != n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{OptimizerKind, ScheduleChoice};

    fn schedules() -> OptionFamily {
        OptionFamily::new(ScheduleChoice::all().into_iter().map(|c| (c.name(), c.options())).collect())
    }

    #[test]
    fn options_are_checked_against_the_chosen_owners_table() {
        let family = schedules();
        let gamma = [("gamma", Value::Float(0.5))];
        assert!(family.check(&gamma, &["exponential"]).is_ok());
        match family.check(&gamma, &["cosine"]).unwrap_err() {
            OptimError::NotTaken { option, owner, owners } => {
                assert_eq!((option, owner.as_str()), ("gamma", "cosine"));
                assert!(owners.contains(&"exponential") && !owners.contains(&"cosine"), "{owners:?}");
            }
            e => panic!("{e}"),
        }
        let e = family.check(&[("gamma", Value::Float(-1.0))], &["exponential"]).unwrap_err();
        assert_eq!(e.to_string(), "invalid value `-1` for `gamma`; accepted: finite numbers > 0");
    }

    #[test]
    fn required_options_are_missing_unless_the_run_covers_them() {
        let family = schedules();
        assert_eq!(family.missing(&[], "cosine", false), Some("t_max"));
        assert_eq!(family.missing(&[], "cosine", true), None);
        assert_eq!(family.missing(&[("t_max", Value::Count(5))], "cosine", false), None);
        assert_eq!(family.missing(&[], "step", true), Some("step_size"));
    }

    #[test]
    fn a_race_checks_every_racer() {
        let owners = [OptimizerKind::Sgd, OptimizerKind::Adam].map(|k| (k.name(), k.options()));
        let family = OptionFamily::new(owners.to_vec());
        assert_eq!(family.owners_of("momentum"), ["sgd"]);
        let e = family.check(&[("momentum", Value::Float(0.9))], &["sgd", "adam"]).unwrap_err();
        assert!(e.to_string().starts_with("`momentum` is not an option of adam"), "{e}");
    }
}
