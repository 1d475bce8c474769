//! Which schedule flags go with which `--schedule`, which are required, their ranges and the rules
//! across them: the library's rules (`ScheduleChoice::check_given`), said in flag names. `plateau` is
//! torch `ReduceLROnPlateau`; `--warmup-steps` composes in front of any schedule with a base rate.
use crate::args::{schedule_flag_set, ScheduleFlags};
use crate::error::CliError;
use downhill_optim::Required;
use downhill_optim::{OptimError, OptimizerKind, ScheduleChoice};

/// Checks that every given flag goes with `choice` (`None`: no `--schedule`), that its required
/// flags are there (lengths that cover the run are not required when `run_known`), that `--lr` is
/// not given to a schedule that ignores it, the value ranges and the rules across options: the
/// library's rules (`ScheduleChoice::check_given`), said in flag names.
pub fn validate(
    s: &ScheduleFlags,
    choice: Option<ScheduleChoice>,
    lr_given: bool,
    run_known: bool,
) -> Result<(), CliError> {
    let Some(choice) = choice else {
        return schedule_flag_set().refuse_all(&s.given, "the constant rate (no --schedule)");
    };
    let context = format!("--schedule {}", choice.name());
    choice.check_given(&s.given, lr_given, run_known).map_err(|e| option_error(e, context))
}

/// The library's error about the chosen schedule's options, in flag names where it names them.
pub fn option_error(e: OptimError, context: String) -> CliError {
    let set = schedule_flag_set();
    match e {
        OptimError::AboveOption { option, value, bound, bound_value } => CliError::invalid(
            set.spec(option).flag,
            value,
            format!("numbers <= {} ({bound_value})", set.spec(bound).flag),
        ),
        OptimError::RateIgnored { applies_to, .. } => {
            CliError::NotApplicable { flag: "--lr", chosen: context, applies_to }
        }
        e => set.in_flags(e, context),
    }
}

/// torch refuses `cycle_momentum` (on by default for onecycle) for optimizers with neither
/// momentum nor beta1: their chain refuses a cycled momentum.
pub fn check_cycled_momentum(s: &ScheduleFlags, optimizer: OptimizerKind) -> Result<(), CliError> {
    const OPTION: &str = "cycle_momentum";
    let Some(Ok(choice)) = s.schedule.as_deref().map(|n| n.trim().parse::<ScheduleChoice>()) else {
        return Ok(());
    };
    if choice.cycles_momentum(&s.given) && optimizer.refuses_cycled_momentum() {
        let flag = schedule_flag_set().spec(OPTION).flag;
        let given =
            if s.get(OPTION).is_some() { String::new() } else { format!(" ({}'s default)", choice.name()) };
        return Err(CliError::NotApplicable {
            flag: Box::leak(format!("{flag} true{given}").into_boxed_str()), // once, on the way out
            chosen: format!("--optimizer {optimizer}, which has no momentum or beta1"),
            applies_to: format!("optimizers with momentum or beta1; give {flag} false"),
        });
    }
    Ok(())
}

/// One line per schedule with the flags it takes in its table's order (required ones marked), for
/// `--schedule help`.
pub fn help() -> String {
    let set = schedule_flag_set();
    let mut out =
        String::from("schedules (`!` marks a required flag; the rate steps once after every update):\n");
    for choice in ScheduleChoice::all() {
        let flags: Vec<String> = (choice.options().iter())
            .map(|o| (set.spec(o.name).flag, o.required))
            .map(
                |(flag, required)| {
                    if required == Required::No {
                        flag.to_string()
                    } else {
                        format!("{flag}!")
                    }
                },
            )
            .collect();
        out.push_str(format!("  {:<16} {}", choice.name(), flags.join(" ")).trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_optim::{Value, ValueKind};

    fn flags(name: Option<&str>, given: &[(&'static str, Value)]) -> ScheduleFlags {
        ScheduleFlags { schedule: name.map(str::to_string), given: given.to_vec() }
    }

    fn check(name: Option<&str>, given: &[(&'static str, Value)], lr_given: bool) -> Result<(), CliError> {
        let choice = name.map(|n| n.parse::<ScheduleChoice>().unwrap());
        validate(&flags(name, given), choice, lr_given, false)
    }

    #[test]
    fn flags_must_match_the_schedule() {
        let gamma = [("gamma", Value::Float(0.5))];
        let e = check(None, &gamma, false).unwrap_err().to_string();
        assert!(
            e.starts_with("--gamma does not apply to the constant rate") && e.contains("exponential"),
            "{e}"
        );
        assert!(check(Some("cosine"), &gamma, false).unwrap_err().to_string().contains("--schedule cosine"));
        assert!(check(Some("exponential"), &gamma, false).is_ok());
    }

    #[test]
    fn required_flags_and_own_rates_are_enforced() {
        let e = check(Some("cosine"), &[], false).unwrap_err().to_string();
        assert_eq!(e, "--schedule cosine needs --t-max");
        let max_lr = [("max_lr", Value::Float(0.1))];
        assert!(check(Some("onecycle"), &max_lr, false).is_ok());
        let e = check(Some("onecycle"), &max_lr, true).unwrap_err().to_string();
        assert!(e.starts_with("--lr does not apply"), "{e}");
        let bad = [("t_max", Value::Count(0))];
        assert!(check(Some("cosine"), &bad, false).unwrap_err().to_string().contains("--t-max"));
        // Training knows the run's length: cosine covers it when --t-max is left out.
        assert!(validate(&flags(Some("cosine"), &[]), "cosine".parse().ok(), false, true).is_ok());
    }

    #[test]
    fn rules_across_options_name_both_flags() {
        let given = [("max_lr", Value::Float(0.1)), ("base_momentum", Value::Float(0.97))];
        let e = check(Some("onecycle"), &given, false).unwrap_err().to_string();
        assert_eq!(e, "invalid value `0.97` for --base-momentum; accepted: numbers <= --max-momentum (0.95)");
    }

    #[test]
    fn help_marks_required_flags() {
        let h = help();
        let line = |name: &str| h.lines().find(|l| l.trim_start().starts_with(&format!("{name} "))).unwrap();
        assert!(line("cosine").contains("--t-max! --eta-min"), "{h}");
        assert!(line("plateau").contains("--patience") && line("step").contains("--step-size!"), "{h}");
    }

    #[test]
    fn every_table_entry_gives_a_one_line_error_naming_the_flag_range_and_owners() {
        // For every option of every schedule: a value outside its range, the flag given to a
        // schedule that lacks it, and a required one left out, each give one line naming the flag
        // and the fix.
        let set = schedule_flag_set();
        for spec in &set.specs {
            for owner in &spec.owners {
                let required: Vec<(&'static str, Value)> = (set.specs.iter())
                    .filter(|s| s.name != spec.name)
                    .filter_map(|s| s.owners.iter().find(|o| o.name == owner.name).map(|o| (s, o)))
                    .filter(|(_, o)| o.required.when(false))
                    .map(|(s, _)| (s.name, sample(s.kind)))
                    .collect();
                let bad = set.range(owner.name, spec.name).refused(spec.kind); // none: counts of any size, names
                if let Some(bad) = bad {
                    let given = [&required[..], &[(spec.name, bad)]].concat();
                    let e = check(Some(owner.name), &given, false).unwrap_err().to_string();
                    let one_line = e.contains(spec.flag) && !e.contains('\n');
                    assert!(
                        one_line && e.contains(&*set.range(owner.name, spec.name).accepted()),
                        "{}: {e}",
                        owner.name
                    );
                }
                if owner.required.when(false) {
                    let e = check(Some(owner.name), &required, false).unwrap_err().to_string();
                    assert_eq!(e, format!("--schedule {} needs {}", owner.name, spec.flag));
                }
            }
            let outsider = set.owner_names.iter().find(|n| spec.owners.iter().all(|o| o.name != **n));
            if let Some(outsider) = outsider {
                let e =
                    check(Some(outsider), &[(spec.name, sample(spec.kind))], false).unwrap_err().to_string();
                let expected = format!(
                    "{} does not apply to --schedule {outsider}; it applies to: --schedule ",
                    spec.flag
                );
                assert!(
                    e.starts_with(&expected) && e.contains(spec.owners[0].name) && !e.contains('\n'),
                    "{e}"
                );
            }
        }
    }

    /// A value of `kind` inside every range.
    fn sample(kind: ValueKind) -> Value {
        match kind {
            ValueKind::Float => Value::Float(0.5),
            ValueKind::Count => Value::Count(3),
            ValueKind::Counts => Value::Counts(vec![2, 4]),
            ValueKind::Switch => Value::Switch(true),
            ValueKind::Choice(names) => Value::Choice(names[0].to_string()),
            ValueKind::Pair => Value::Pair(0.5, 0.5), // no schedule takes a pair
            ValueKind::Triple => Value::Triple(0.5, 0.5, 0.5), // nor a triple
        }
    }
}
