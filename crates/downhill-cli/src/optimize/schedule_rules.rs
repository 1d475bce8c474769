//! Which schedule flags go with which `--schedule`, which are required, and their ranges.
//! Schedules are named as `ScheduleKind` spells them, plus `plateau` (torch `ReduceLROnPlateau`,
//! which reads the loss, so it is not a pure schedule). `--warmup-steps` composes in front of any
//! schedule that has a base rate.
use super::checks;
use crate::args::ScheduleFlags;
use crate::error::CliError;
use downhill_optim::ScheduleKind;

const WARMABLE: &[&str] = &[
    "constant",
    "step",
    "multi-step",
    "exponential",
    "cosine",
    "cosine-restarts",
    "linear",
    "linear-warmup",
    "constant-factor",
    "polynomial",
    "cyclic",
    "invscaling",
];

/// `(flag, schedules that take it, schedules that require it)`.
const RULES: [(&str, &[&str], &[&str]); 31] = [
    ("--step-size", &["step"], &["step"]),
    ("--gamma", &["step", "multi-step", "exponential", "cyclic"], &["exponential"]),
    ("--milestones", &["multi-step"], &["multi-step"]),
    ("--t-max", &["cosine"], &["cosine"]),
    ("--eta-min", &["cosine", "cosine-restarts"], &[]),
    ("--t-0", &["cosine-restarts"], &["cosine-restarts"]),
    ("--t-mult", &["cosine-restarts"], &[]),
    ("--start-factor", &["linear"], &[]),
    ("--end-factor", &["linear"], &[]),
    ("--total-iters", &["linear", "constant-factor", "polynomial"], &[]),
    ("--factor", &["constant-factor", "plateau"], &[]),
    ("--warmup-steps", WARMABLE, &["linear-warmup"]),
    ("--max-lr", &["onecycle", "cyclic"], &["onecycle", "cyclic"]),
    ("--total-steps", &["onecycle"], &[]),
    ("--pct-start", &["onecycle"], &[]),
    ("--anneal-strategy", &["onecycle"], &[]),
    ("--cycle-momentum", &["onecycle"], &[]),
    ("--base-momentum", &["onecycle"], &[]),
    ("--max-momentum", &["onecycle"], &[]),
    ("--div-factor", &["onecycle"], &[]),
    ("--final-div-factor", &["onecycle"], &[]),
    ("--power", &["polynomial"], &[]),
    ("--step-size-up", &["cyclic"], &[]),
    ("--step-size-down", &["cyclic"], &[]),
    ("--mode", &["cyclic"], &[]),
    ("--power-t", &["invscaling"], &[]),
    ("--optimal-alpha", &["optimal"], &[]),
    ("--patience", &["plateau"], &[]),
    ("--cooldown", &["plateau"], &[]),
    ("--min-lr", &["plateau"], &[]),
    ("--plateau-threshold", &["plateau"], &[]),
];

/// Schedules that set the rate themselves, so `--lr` (or NAME:LR) would be ignored.
const OWN_RATE: &[&str] = &["onecycle", "optimal"];

fn given(s: &ScheduleFlags) -> [bool; 31] {
    [
        s.step_size.is_some(),
        s.gamma.is_some(),
        s.milestones.is_some(),
        s.t_max.is_some(),
        s.eta_min.is_some(),
        s.t_0.is_some(),
        s.t_mult.is_some(),
        s.start_factor.is_some(),
        s.end_factor.is_some(),
        s.total_iters.is_some(),
        s.factor.is_some(),
        s.warmup_steps.is_some(),
        s.max_lr.is_some(),
        s.total_steps.is_some(),
        s.pct_start.is_some(),
        s.anneal_strategy.is_some(),
        s.cycle_momentum.is_some(),
        s.base_momentum.is_some(),
        s.max_momentum.is_some(),
        s.div_factor.is_some(),
        s.final_div_factor.is_some(),
        s.power.is_some(),
        s.step_size_up.is_some(),
        s.step_size_down.is_some(),
        s.mode.is_some(),
        s.power_t.is_some(),
        s.optimal_alpha.is_some(),
        s.patience.is_some(),
        s.cooldown.is_some(),
        s.min_lr.is_some(),
        s.plateau_threshold.is_some(),
    ]
}

/// Lengths that default to the whole run when the run's length is known (training).
const RUN_LENGTHS: &[&str] = &["--t-max"];

/// Checks that every given flag goes with `name` (`None`: no `--schedule`), that `name`'s required
/// flags are there (lengths in `RUN_LENGTHS` are not required when `run_known`), that `--lr` is not
/// given to a schedule that ignores it, and the value ranges.
pub fn validate(
    s: &ScheduleFlags,
    name: Option<&str>,
    lr_given: bool,
    run_known: bool,
) -> Result<(), CliError> {
    let chosen = name.map_or("the constant rate (no --schedule)".to_string(), |n| format!("--schedule {n}"));
    for ((flag, takes, requires), is_given) in RULES.iter().zip(given(s)) {
        if is_given && !name.is_some_and(|n| takes.contains(&n)) {
            let applies_to = format!("--schedule {}", takes.join(", "));
            return Err(CliError::NotApplicable { flag, chosen, applies_to });
        }
        let defaults_to_run = run_known && RUN_LENGTHS.contains(flag);
        if !is_given && !defaults_to_run && name.is_some_and(|n| requires.contains(&n)) {
            return Err(CliError::Missing { flag, context: chosen });
        }
    }
    if lr_given && name.is_some_and(|n| OWN_RATE.contains(&n)) {
        let applies_to = "every schedule but onecycle (starts at --max-lr / --div-factor) and optimal".into();
        return Err(CliError::NotApplicable { flag: "--lr", chosen, applies_to });
    }
    check_ranges(s)
}

fn check_ranges(s: &ScheduleFlags) -> Result<(), CliError> {
    checks::positive("--gamma", s.gamma)?;
    checks::non_negative("--eta-min", s.eta_min)?;
    for (flag, n) in [
        ("--step-size", s.step_size),
        ("--t-max", s.t_max),
        ("--t-0", s.t_0),
        ("--t-mult", s.t_mult),
        ("--warmup-steps", s.warmup_steps),
        ("--total-steps", s.total_steps),
        ("--step-size-up", s.step_size_up),
        ("--step-size-down", s.step_size_down),
    ] {
        checks::at_least_one(flag, n)?;
    }
    if s.milestones.as_ref().is_some_and(Vec::is_empty) {
        return Err(CliError::invalid("--milestones", "", "comma-separated step numbers"));
    }
    checks::unit_closed("--start-factor", s.start_factor)?;
    checks::unit_closed("--end-factor", s.end_factor)?;
    checks::unit_closed("--factor", s.factor)?;
    checks::positive("--max-lr", s.max_lr)?;
    checks::unit_exclusive("--pct-start", s.pct_start)?;
    checks::unit_open("--base-momentum", s.base_momentum)?;
    checks::unit_open("--max-momentum", s.max_momentum)?;
    let d = downhill_optim::MomentumCycle::default();
    let (base, max) = (s.base_momentum.unwrap_or(d.base_momentum), s.max_momentum.unwrap_or(d.max_momentum));
    if base > max {
        let accepted = format!("numbers <= --max-momentum ({max})");
        return Err(CliError::invalid("--base-momentum", base, accepted));
    }
    checks::positive("--div-factor", s.div_factor)?;
    checks::positive("--final-div-factor", s.final_div_factor)?;
    checks::non_negative("--power", s.power)?;
    checks::non_negative("--power-t", s.power_t)?;
    checks::positive("--optimal-alpha", s.optimal_alpha)?;
    checks::non_negative("--min-lr", s.min_lr)?;
    checks::non_negative("--plateau-threshold", s.plateau_threshold)
}

/// torch refuses `cycle_momentum` (onecycle's default) for optimizers with neither momentum nor
/// beta1; `optimizer` is the optimizer's name as `OptimizerKind` spells it.
pub fn check_cycled_momentum(s: &ScheduleFlags, optimizer: &str) -> Result<(), CliError> {
    let onecycle =
        s.schedule.as_deref().is_some_and(|n| matches!(n.trim().parse(), Ok(ScheduleKind::OneCycle)));
    if onecycle && s.cycle_momentum != Some(false) && matches!(optimizer, "adagrad" | "adadelta") {
        return Err(CliError::NotApplicable {
            flag: "--cycle-momentum true (onecycle's default)",
            chosen: format!("--optimizer {optimizer}, which has no momentum or beta1"),
            applies_to: "optimizers with momentum or beta1; give --cycle-momentum false".into(),
        });
    }
    Ok(())
}

/// One line per schedule with the flags it takes (required ones marked), for `--schedule help`.
pub fn help(names: &[&str]) -> String {
    let mut out =
        String::from("schedules (`!` marks a required flag; the rate steps once after every update):\n");
    for name in names {
        let flags: Vec<String> = RULES
            .iter()
            .filter(|(_, takes, _)| takes.contains(name))
            .map(
                |(flag, _, requires)| {
                    if requires.contains(name) {
                        format!("{flag}!")
                    } else {
                        flag.to_string()
                    }
                },
            )
            .collect();
        out.push_str(&format!("  {name:<16} {}\n", flags.join(" ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_must_match_the_schedule() {
        let s = ScheduleFlags { gamma: Some(0.5), ..Default::default() };
        let e = validate(&s, None, false, false).unwrap_err().to_string();
        assert!(
            e.starts_with("--gamma does not apply to the constant rate") && e.contains("exponential"),
            "{e}"
        );
        assert!(validate(&s, Some("cosine"), false, false)
            .unwrap_err()
            .to_string()
            .contains("--schedule cosine"));
        assert!(validate(&s, Some("exponential"), false, false).is_ok());
    }

    #[test]
    fn required_flags_and_own_rates_are_enforced() {
        let none = ScheduleFlags::default();
        assert_eq!(
            validate(&none, Some("cosine"), false, false).unwrap_err().to_string(),
            "--schedule cosine needs --t-max"
        );
        let s = ScheduleFlags { max_lr: Some(0.1), ..Default::default() };
        assert!(validate(&s, Some("onecycle"), false, false).is_ok());
        assert!(validate(&s, Some("onecycle"), true, false)
            .unwrap_err()
            .to_string()
            .starts_with("--lr does not apply"));
        let bad = ScheduleFlags { t_max: Some(0), ..Default::default() };
        assert!(validate(&bad, Some("cosine"), false, false).unwrap_err().to_string().contains("--t-max"));
    }

    #[test]
    fn help_marks_required_flags() {
        let h = help(&["cosine", "plateau"]);
        assert!(h.contains("--t-max! --eta-min") && h.contains("--patience"), "{h}");
    }
}
