//! From `--schedule NAME` and its flags to the learning rate each racer runs with. A pure schedule
//! becomes an `Lr` on the racer's base rate (flags to config in `schedule_config.rs`, shared with
//! training); `plateau` is a constant rate plus torch's `ReduceLROnPlateau` fed the loss after
//! every step. onecycle's `--total-steps` defaults to `--steps`.
use super::{schedule_config, schedule_rules};
use crate::args::ScheduleFlags;
use crate::error::CliError;
use downhill_optim::{Lr, PlateauOptions, ReduceOnPlateau, ScheduleKind, SchedulePer};

/// The validated schedule choice: no schedule, a pure schedule, or reduce-on-plateau.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScheduleChoice {
    Constant,
    Pure(ScheduleKind),
    Plateau,
}

const PLATEAU_NAMES: [&str; 3] = ["plateau", "reduce-on-plateau", "reducelronplateau"];

/// True when `--schedule NAME` names reduce-on-plateau.
pub fn is_plateau(name: &str) -> bool {
    PLATEAU_NAMES.contains(&name.trim().to_ascii_lowercase().replace('_', "-").as_str())
}

/// Every accepted `--schedule` name.
pub fn all_names() -> Vec<&'static str> {
    let mut names = ScheduleKind::all_names();
    names.push("plateau");
    names
}

/// `--schedule help`.
pub fn help() -> String {
    schedule_rules::help(&all_names())
}

/// Parses the name and checks the flags against it. `run_known`: the run's length is known up front
/// (training), so `--t-max` may default to it.
pub fn choose(s: &ScheduleFlags, lr_given: bool, run_known: bool) -> Result<ScheduleChoice, CliError> {
    let choice = match s.schedule.as_deref().map(str::trim) {
        None => ScheduleChoice::Constant,
        Some(n) if is_plateau(n) => ScheduleChoice::Plateau,
        Some(n) => ScheduleChoice::Pure(n.parse().map_err(|_| CliError::UnknownName {
            flag: "--schedule",
            message: format!("unknown schedule `{n}`; accepted: {}", all_names().join(", ")),
        })?),
    };
    let name = match choice {
        ScheduleChoice::Constant => None,
        ScheduleChoice::Pure(kind) => Some(kind.name()),
        ScheduleChoice::Plateau => Some("plateau"),
    };
    schedule_rules::validate(s, name, lr_given, run_known)?;
    Ok(choice)
}

/// What a racer steps with besides its optimizer's options.
pub struct Rates {
    pub lr: Lr,
    /// The cycled momentum (beta1) of onecycle, unless `--cycle-momentum false`.
    pub momentum: Option<Lr>,
    pub plateau: Option<ReduceOnPlateau>,
}

/// The rate for one racer with base rate `base`, its cycled momentum and the plateau detector if
/// any. A pure schedule is built through the same `ScheduleConfig` as in training, stepping once
/// per update over `steps` updates; onecycle peaks at `--max-lr` (required for it), which it takes
/// as its base.
pub fn build(choice: ScheduleChoice, s: &ScheduleFlags, base: f64, steps: u64) -> Result<Rates, CliError> {
    let constant = |plateau| Rates { lr: base.into(), momentum: None, plateau };
    let kind = match choice {
        ScheduleChoice::Constant => return Ok(constant(None)),
        ScheduleChoice::Plateau => return Ok(constant(Some(plateau(s)?))),
        ScheduleChoice::Pure(kind) => kind,
    };
    let config = schedule_config::from_flags(kind, s, base);
    let base = match kind {
        ScheduleKind::OneCycle => s.max_lr.unwrap_or(1.0),
        _ => base,
    };
    let momentum = config.momentum(steps, SchedulePer::Batch, 1);
    Ok(Rates { lr: config.build(base, steps, SchedulePer::Batch, 1), momentum, plateau: None })
}

fn plateau(s: &ScheduleFlags) -> Result<ReduceOnPlateau, CliError> {
    let d = PlateauOptions::default();
    let options = PlateauOptions {
        factor: s.factor.unwrap_or(d.factor),
        patience: s.patience.unwrap_or(d.patience),
        threshold: s.plateau_threshold.unwrap_or(d.threshold),
        cooldown: s.cooldown.unwrap_or(d.cooldown),
        min_lr: s.min_lr.unwrap_or(d.min_lr),
        ..d
    };
    ReduceOnPlateau::new(options)
        .map_err(|source| CliError::Optim { context: "--schedule plateau".into(), source })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lrs(flags: ScheduleFlags, base: f64, n: u64) -> Vec<f64> {
        let choice = choose(&flags, false, false).unwrap();
        let lr = build(choice, &flags, base, n).unwrap().lr;
        (0..n).map(|k| lr.at(k)).collect()
    }

    #[test]
    fn torch_defaults_fill_unset_flags() {
        let step = ScheduleFlags { schedule: Some("step".into()), step_size: Some(2), ..Default::default() };
        let got = lrs(step, 1.0, 5);
        assert!((got[2] - 0.1).abs() < 1e-12 && (got[4] - 0.01).abs() < 1e-12, "{got:?}"); // gamma 0.1
        let onecycle =
            ScheduleFlags { schedule: Some("onecycle".into()), max_lr: Some(1.0), ..Default::default() };
        let got = lrs(onecycle, 0.0, 100);
        assert!((got[0] - 0.04).abs() < 1e-12 && (got[29] - 1.0).abs() < 1e-12);
        // total_steps = --steps
    }

    #[test]
    fn warmup_composes_in_front_and_plateau_is_not_pure() {
        let s = ScheduleFlags {
            schedule: Some("cosine".into()),
            t_max: Some(10),
            warmup_steps: Some(4),
            ..Default::default()
        };
        let got = lrs(s, 0.1, 6);
        assert!((got[0] - 0.025).abs() < 1e-15 && (got[4] - 0.1).abs() < 1e-15, "{got:?}");
        let p = ScheduleFlags { schedule: Some("Reduce_On_Plateau".into()), ..Default::default() };
        assert_eq!(choose(&p, true, false).unwrap(), ScheduleChoice::Plateau);
        assert!(build(ScheduleChoice::Plateau, &p, 0.1, 10).unwrap().plateau.is_some());
    }

    #[test]
    fn unknown_names_list_every_schedule() {
        let s = ScheduleFlags { schedule: Some("cosin".into()), ..Default::default() };
        let e = choose(&s, false, false).unwrap_err().to_string();
        assert!(e.starts_with("--schedule: unknown schedule `cosin`") && e.contains("plateau"), "{e}");
    }
}
