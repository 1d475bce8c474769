//! From `--schedule NAME` and its flags to the learning rate each racer runs with. A pure schedule
//! becomes an `Lr` on the racer's base rate, built by the library from the options given
//! (`ScheduleSetting`, as in training); `plateau` is a constant rate plus torch's
//! `ReduceLROnPlateau` fed the loss after every step. onecycle's `--total-steps` defaults to `--steps`.
use super::schedule_rules::{self, option_error};
use crate::args::ScheduleFlags;
use crate::error::CliError;
use downhill_optim::{
    Described, Lr, PlateauOptions, ReduceOnPlateau, ScheduleChoice, SchedulePer, ScheduleSetting,
};

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

/// What a racer steps with besides its optimizer's options.
pub struct Rates {
    pub lr: Lr,
    /// The cycled momentum (beta1) of onecycle, unless `--cycle-momentum false`.
    pub momentum: Option<Lr>,
    pub plateau: Option<ReduceOnPlateau>,
}

/// The rate for one racer with base rate `base`, its cycled momentum and the plateau detector if
/// any. A pure schedule steps once per update over `steps` updates; one that sets its own base
/// rate (onecycle peaks at `--max-lr`) takes it instead of `base`.
pub fn build(
    choice: Option<ScheduleChoice>,
    s: &ScheduleFlags,
    base: f64,
    steps: u64,
) -> Result<Rates, CliError> {
    let constant = |plateau| Rates { lr: base.into(), momentum: None, plateau };
    let kind = match choice {
        None => return Ok(constant(None)),
        Some(ScheduleChoice::Plateau) => {
            let detector = ReduceOnPlateau::new(plateau_options(s)?);
            let context = || "--schedule plateau".to_string();
            return Ok(constant(Some(detector.map_err(|e| option_error(e, context()))?)));
        }
        Some(ScheduleChoice::Pure(kind)) => kind,
    };
    let setting = ScheduleSetting::new(kind, &s.given, base)
        .map_err(|e| option_error(e, format!("--schedule {}", kind.name())))?;
    let config = setting.config;
    let momentum = config.momentum(steps, SchedulePer::Batch, 1);
    let lr = config.build(setting.base_lr.unwrap_or(base), steps, SchedulePer::Batch, 1);
    Ok(Rates { lr, momentum, plateau: None })
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_optim::Value;

    fn lrs(flags: ScheduleFlags, base: f64, n: u64) -> Vec<f64> {
        let choice = choose(&flags, false, false).unwrap();
        let lr = build(choice, &flags, base, n).unwrap().lr;
        (0..n).map(|k| lr.at(k)).collect()
    }

    #[test]
    fn torch_defaults_fill_unset_flags() {
        let step = ScheduleFlags::of("step", &[("step_size", Value::Count(2))]);
        let got = lrs(step, 1.0, 5);
        assert!((got[2] - 0.1).abs() < 1e-12 && (got[4] - 0.01).abs() < 1e-12, "{got:?}"); // gamma 0.1
        let onecycle = ScheduleFlags::of("onecycle", &[("max_lr", Value::Float(1.0))]);
        let got = lrs(onecycle, 0.0, 100);
        assert!((got[0] - 0.04).abs() < 1e-12 && (got[29] - 1.0).abs() < 1e-12);
        // total_steps = --steps
    }

    #[test]
    fn warmup_composes_in_front_and_plateau_is_not_pure() {
        let s =
            ScheduleFlags::of("cosine", &[("t_max", Value::Count(10)), ("warmup_steps", Value::Count(4))]);
        let got = lrs(s, 0.1, 6);
        assert!((got[0] - 0.025).abs() < 1e-15 && (got[4] - 0.1).abs() < 1e-15, "{got:?}");
        let p = ScheduleFlags::of("Reduce_On_Plateau", &[]);
        assert_eq!(choose(&p, true, false).unwrap(), Some(ScheduleChoice::Plateau));
        assert!(build(Some(ScheduleChoice::Plateau), &p, 0.1, 10).unwrap().plateau.is_some());
    }

    #[test]
    fn unknown_names_list_every_schedule() {
        let s = ScheduleFlags::of("cosin", &[]);
        let e = choose(&s, false, false).unwrap_err().to_string();
        assert!(e.starts_with("--schedule: unknown schedule `cosin`") && e.contains("plateau"), "{e}");
    }
}
