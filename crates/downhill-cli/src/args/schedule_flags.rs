//! The learning-rate schedule flags: `--schedule NAME` and every schedule's options, made from the
//! library's option tables (`ScheduleChoice::options`, through `described_flags.rs`) and named
//! after torch's `lr_scheduler` arguments in kebab case. A flag not given keeps the chosen
//! schedule's torch default; one torch requires must be given, and a flag the chosen schedule does
//! not take is an error (both decided in `optimize/schedule_rules.rs`).
use super::described_flags::FlagSet;
use clap::{Arg, ArgMatches, Args, Command, FromArgMatches};
use downhill_optim::{ScheduleChoice, Value};
use std::sync::OnceLock;

/// `--schedule` as given and the schedule options given, as `(option name, value)` in flag order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScheduleFlags {
    pub schedule: Option<String>,
    pub given: Vec<(&'static str, Value)>,
}

/// Every option of every schedule (and of reduce-on-plateau), from the library's tables.
pub fn schedule_flag_set() -> &'static FlagSet {
    static SET: OnceLock<FlagSet> = OnceLock::new();
    SET.get_or_init(|| {
        let owners = ScheduleChoice::all().into_iter().map(|c| (c.name(), c.options())).collect();
        FlagSet::new("schedule", owners, check_choice).with_owner_prefix("--schedule ")
    })
}

/// The library's verdict on a name given to a `Choice` option of schedule `owner`.
fn check_choice(owner: &str, option: &str, value: &str) -> Result<(), String> {
    let choice: ScheduleChoice = owner.parse().map_err(|e: downhill_optim::OptimError| e.to_string())?;
    choice.check_option(option, Value::Choice(value.to_string())).map_err(|e| e.to_string())
}

impl ScheduleFlags {
    /// `--schedule name` with the options given as `(name, value)` pairs.
    #[cfg(test)]
    pub fn of(name: &str, given: &[(&'static str, Value)]) -> ScheduleFlags {
        ScheduleFlags { schedule: Some(name.into()), given: given.to_vec() }
    }

    /// The value given for option `name`, if any.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.given.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// These flags without option `name` (`--patience` when it is early stopping's).
    pub fn without(&self, name: &str) -> ScheduleFlags {
        let given = self.given.iter().filter(|(n, _)| *n != name).cloned().collect();
        ScheduleFlags { schedule: self.schedule.clone(), given }
    }
}

impl FromArgMatches for ScheduleFlags {
    fn from_arg_matches(m: &ArgMatches) -> Result<Self, clap::Error> {
        let schedule = m.get_one::<String>("schedule").cloned();
        Ok(ScheduleFlags { schedule, given: schedule_flag_set().given(m) })
    }

    fn update_from_arg_matches(&mut self, m: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(m)?;
        Ok(())
    }
}

impl Args for ScheduleFlags {
    fn augment_args(cmd: Command) -> Command {
        let name = Arg::new("schedule")
            .long("schedule")
            .value_name("NAME")
            .help("Schedule name (`help` lists them with their flags).");
        cmd.next_help_heading("Learning-rate schedule (torch names; unset = torch default)")
            .arg(name)
            .args(schedule_flag_set().args())
    }

    fn augment_args_for_update(cmd: Command) -> Command {
        Self::augment_args(cmd)
    }
}
