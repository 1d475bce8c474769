//! `--schedule NAME`: the name parsed and its flags checked (`schedule_rules.rs`); the rates are
//! built by the library (`Rates` in `optimize`, `ScheduleSetting` in `train`).
use super::schedule_rules::{self, option_error};
use crate::args::ScheduleFlags;
use crate::error::CliError;
use downhill_optim::{Described, PlateauOptions, ScheduleChoice};

/// Parses the name (`None`: no `--schedule`, the constant rate) and checks the flags against it.
/// `run_known`: the run's length is known up front (training), so `--t-max` may default to it.
pub fn choose(
    s: &ScheduleFlags,
    lr_given: bool,
    run_known: bool,
) -> Result<Option<ScheduleChoice>, CliError> {
    let choice = match s.schedule.as_deref().map(str::trim) {
        None => None,
        Some(n) => Some(
            n.parse::<ScheduleChoice>()
                .map_err(|e| CliError::UnknownName { flag: "--schedule", message: e.to_string() })?,
        ),
    };
    schedule_rules::validate(s, choice, lr_given, run_known)?;
    Ok(choice)
}

/// True when `--schedule NAME` names reduce-on-plateau.
pub fn is_plateau(name: &str) -> bool {
    name.trim().parse::<ScheduleChoice>().is_ok_and(|c| c == ScheduleChoice::Plateau)
}

/// The plateau options given, with torch's defaults for the rest.
pub fn plateau_options(s: &ScheduleFlags) -> Result<PlateauOptions, CliError> {
    PlateauOptions::from_given(&s.given).map_err(|e| option_error(e, "--schedule plateau".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plateau_is_chosen_by_any_spelling_and_unknown_names_list_every_schedule() {
        let p = ScheduleFlags::of("Reduce_On_Plateau", &[]);
        assert_eq!(choose(&p, true, false).unwrap(), Some(ScheduleChoice::Plateau));
        let s = ScheduleFlags::of("cosin", &[]);
        let e = choose(&s, false, false).unwrap_err().to_string();
        assert!(e.starts_with("--schedule: unknown schedule `cosin`") && e.contains("plateau"), "{e}");
    }
}
