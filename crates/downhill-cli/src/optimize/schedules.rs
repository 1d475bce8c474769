//! From `--schedule NAME` and its flags to the learning rate each racer runs with. A pure schedule
//! becomes an `Lr` on the racer's base rate; `plateau` is a constant rate plus torch's
//! `ReduceLROnPlateau` fed the loss after every step. Unset flags take torch's (or, for invscaling
//! and optimal, scikit-learn's) defaults; onecycle's `--total-steps` defaults to `--steps`.
use super::schedule_rules;
use crate::args::{AnnealStrategy, CyclicModeArg, ScheduleFlags};
use crate::error::CliError;
use downhill_optim::*;

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

/// The rate for one racer with base rate `base`, and the plateau detector if any.
pub fn build(
    choice: ScheduleChoice,
    s: &ScheduleFlags,
    base: f64,
    steps: u64,
) -> Result<(Lr, Option<ReduceOnPlateau>), CliError> {
    let kind = match choice {
        ScheduleChoice::Constant => return Ok((base.into(), None)),
        ScheduleChoice::Plateau => return Ok((base.into(), Some(plateau(s)?))),
        ScheduleChoice::Pure(kind) => kind,
    };
    let lr = pure(kind, s, base, steps);
    match s.warmup_steps {
        Some(n) if kind != ScheduleKind::LinearWarmup => Ok((Lr::new(warmup(n, base, lr)), None)),
        _ => Ok((lr, None)),
    }
}

fn pure(kind: ScheduleKind, s: &ScheduleFlags, base: f64, steps: u64) -> Lr {
    use ScheduleKind as K;
    let gamma = |default: f64| s.gamma.unwrap_or(default);
    let (eta_min, total_iters) = (s.eta_min.unwrap_or(0.0), s.total_iters.unwrap_or(5));
    match kind {
        K::Constant => Lr::new(Constant(base)),
        K::Step => Lr::new(StepLr { base, step_size: s.step_size.unwrap_or(1), gamma: gamma(0.1) }),
        K::MultiStep => Lr::new(MultiStep {
            base,
            milestones: s.milestones.clone().unwrap_or_default(),
            gamma: gamma(0.1),
        }),
        K::Exponential => Lr::new(Exponential { base, gamma: gamma(1.0) }),
        K::Cosine => Lr::new(Cosine { base, eta_min, t_max: s.t_max.unwrap_or(1) }),
        K::WarmRestarts => {
            Lr::new(WarmRestarts { base, eta_min, t_0: s.t_0.unwrap_or(1), t_mult: s.t_mult.unwrap_or(1) })
        }
        K::Linear => Lr::new(Linear {
            base,
            start_factor: s.start_factor.unwrap_or(1.0 / 3.0),
            end_factor: s.end_factor.unwrap_or(1.0),
            total_iters,
        }),
        K::LinearWarmup => Lr::new(warmup(s.warmup_steps.unwrap_or(1), base, Constant(base))),
        K::ConstantFactor => {
            Lr::new(ConstantFactor { base, factor: s.factor.unwrap_or(1.0 / 3.0), total_iters })
        }
        K::OneCycle => Lr::new(one_cycle(s, steps)),
        K::Polynomial => Lr::new(Polynomial { base, total_iters, power: s.power.unwrap_or(1.0) }),
        K::Cyclic => Lr::new(cyclic(s, base)),
        K::InvScaling => Lr::new(InvScaling { eta0: base, power_t: s.power_t.unwrap_or(0.25) }),
        K::Optimal => Lr::new(Optimal::new(s.optimal_alpha.unwrap_or(1e-4))),
    }
}

fn one_cycle(s: &ScheduleFlags, steps: u64) -> OneCycle {
    let d = OneCycle::new(s.max_lr.unwrap_or(1.0), s.total_steps.unwrap_or(steps.max(1)));
    OneCycle {
        pct_start: s.pct_start.unwrap_or(d.pct_start),
        anneal: match s.anneal_strategy {
            Some(AnnealStrategy::Linear) => Anneal::Linear,
            Some(AnnealStrategy::Cos) | None => Anneal::Cos,
        },
        div_factor: s.div_factor.unwrap_or(d.div_factor),
        final_div_factor: s.final_div_factor.unwrap_or(d.final_div_factor),
        ..d
    }
}

fn cyclic(s: &ScheduleFlags, base: f64) -> Cyclic {
    let up = s.step_size_up.unwrap_or(2000);
    Cyclic {
        base_lr: base,
        max_lr: s.max_lr.unwrap_or(base),
        step_size_up: up,
        step_size_down: s.step_size_down.unwrap_or(up),
        mode: match s.mode {
            Some(CyclicModeArg::Triangular) | None => CyclicMode::Triangular,
            Some(CyclicModeArg::Triangular2) => CyclicMode::Triangular2,
            Some(CyclicModeArg::ExpRange) => CyclicMode::ExpRange { gamma: s.gamma.unwrap_or(1.0) },
        },
    }
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
        let (lr, _) = build(choice, &flags, base, n).unwrap();
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
        assert!(build(ScheduleChoice::Plateau, &p, 0.1, 10).unwrap().1.is_some());
    }

    #[test]
    fn unknown_names_list_every_schedule() {
        let s = ScheduleFlags { schedule: Some("cosin".into()), ..Default::default() };
        let e = choose(&s, false, false).unwrap_err().to_string();
        assert!(e.starts_with("--schedule: unknown schedule `cosin`") && e.contains("plateau"), "{e}");
    }
}
