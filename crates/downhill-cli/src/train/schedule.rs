//! From `--schedule NAME` and its flags (checked by the same rules as `optimize`, and mapped by the
//! same function, `schedule_from_flags`) to the training loop's `ScheduleConfig` and
//! reduce-on-plateau settings. Unset flags take torch's defaults, except that `--t-max` (cosine)
//! and onecycle's `--total-steps` default to the whole run. The schedule advances per epoch or per
//! batch (`--schedule-per`), so lengths count epochs or batches.
//! onecycle and cyclic peak at `--max-lr`, which becomes the optimizer's base rate; cyclic starts
//! from `--lr`. The loop's cyclic schedule is triangular with equal halves and its onecycle anneals
//! by cosine; the flags for other shapes are `optimize`-only (see `unsupported`).
use crate::args::{AnnealStrategy, CyclicModeArg, ScheduleFlags};
use crate::error::CliError;
use crate::optimize::{choose_schedule, schedule_from_flags, ScheduleChoice};
use downhill_learn::{Plateau, ScheduleConfig};
use downhill_optim::ScheduleKind;

/// The schedule, the plateau rule if chosen, and the base rate when the schedule sets it (`--max-lr`).
#[derive(Clone, Debug, PartialEq)]
pub struct LrPlan {
    pub schedule: ScheduleConfig,
    pub plateau: Option<Plateau>,
    pub base_lr: Option<f64>,
}

/// Validates `s` and builds the plan; `lr` is the optimizer's rate (cyclic's lower bound).
pub fn lr_plan(s: &ScheduleFlags, lr_given: bool, lr: f64) -> Result<LrPlan, CliError> {
    let choice = choose_schedule(s, lr_given, true)?;
    let plan = |schedule| LrPlan { schedule, plateau: None, base_lr: None };
    let kind = match choice {
        ScheduleChoice::Constant => return Ok(plan(ScheduleConfig::Constant)),
        ScheduleChoice::Plateau => {
            return Ok(LrPlan { plateau: Some(plateau(s)), ..plan(ScheduleConfig::Constant) })
        }
        ScheduleChoice::Pure(kind) => kind,
    };
    unsupported(s)?;
    // Training keeps the peak in the optimizer's base rate (`base_lr` below) and no `max_lr` in the
    // schedule, as its model files always have: their JSON, and a checkpoint's identity, stay as
    // they were. (`optimize` keeps cyclic's own `max_lr`, so its warmup ramps to `--lr`.)
    let schedule = schedule_from_flags(kind, &ScheduleFlags { max_lr: None, ..s.clone() }, lr);
    let base_lr = matches!(kind, ScheduleKind::OneCycle | ScheduleKind::Cyclic).then_some(s.max_lr).flatten();
    Ok(LrPlan { schedule, plateau: None, base_lr })
}

/// Schedule shapes `train` does not offer, though `ScheduleConfig` can hold them: older versions
/// ignore the fields that hold them, so a model file written with one would load there as another
/// schedule without a word.
fn unsupported(s: &ScheduleFlags) -> Result<(), CliError> {
    let flag = if s.anneal_strategy == Some(AnnealStrategy::Linear) {
        Some("--anneal-strategy linear")
    } else if s.mode.is_some_and(|m| m != CyclicModeArg::Triangular) {
        Some("--mode")
    } else if s.step_size_down.is_some_and(|d| Some(d) != s.step_size_up.or(Some(2000))) {
        Some("--step-size-down")
    } else if s.gamma.is_some() && s.schedule.as_deref().is_some_and(|n| n.eq_ignore_ascii_case("cyclic")) {
        Some("--gamma")
    } else {
        None
    };
    match flag {
        None => Ok(()),
        Some(flag) => Err(CliError::NotApplicable {
            flag,
            chosen: "downhill train".into(),
            applies_to:
                "downhill optimize (training offers triangular cyclic with equal halves and cosine onecycle)"
                    .into(),
        }),
    }
}

fn plateau(s: &ScheduleFlags) -> Plateau {
    let d = Plateau::default();
    Plateau {
        factor: s.factor.unwrap_or(d.factor),
        patience: s.patience.unwrap_or(d.patience),
        threshold: s.plateau_threshold.unwrap_or(d.threshold),
        cooldown: s.cooldown.unwrap_or(d.cooldown),
        min_lr: s.min_lr.unwrap_or(d.min_lr),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags(name: &str) -> ScheduleFlags {
        ScheduleFlags { schedule: Some(name.into()), ..Default::default() }
    }

    #[test]
    fn cosine_defaults_to_the_whole_run_and_warmup_wraps_it() {
        let p = lr_plan(&ScheduleFlags { warmup_steps: Some(3), ..flags("cosine") }, false, 0.1).unwrap();
        let inner = ScheduleConfig::Cosine { t_max: None, eta_min: 0.0 };
        // Exact: the config holds literal values, no arithmetic.
        assert_eq!(p.schedule, ScheduleConfig::LinearWarmup { warmup: 3, then: Box::new(inner) });
    }

    #[test]
    fn onecycle_peaks_at_max_lr_and_plateau_keeps_torch_defaults() {
        let p = lr_plan(&ScheduleFlags { max_lr: Some(0.5), ..flags("onecycle") }, false, 0.1).unwrap();
        // Exact: base_lr and the plateau factor are the flag's literal and torch's default, copied.
        assert_eq!(p.base_lr, Some(0.5));
        let p = lr_plan(&ScheduleFlags { patience: Some(3), ..flags("plateau") }, false, 0.1).unwrap();
        assert_eq!(p.plateau.map(|p| (p.patience, p.factor)), Some((3, 0.1)));
    }

    #[test]
    fn cyclic_peaks_at_the_base_rate_as_in_older_model_files() {
        let s = ScheduleFlags { max_lr: Some(0.5), step_size_up: Some(3), ..flags("cyclic") };
        let p = lr_plan(&s, true, 0.1).unwrap();
        let json = r#"{"name":"cyclic","base_lr":0.1,"step_size_up":3}"#;
        // Exact: base_lr is the --max-lr literal, copied.
        assert_eq!((serde_json::to_string(&p.schedule).unwrap().as_str(), p.base_lr), (json, Some(0.5)));
    }

    #[test]
    fn optimize_only_shapes_are_named() {
        let s =
            ScheduleFlags { max_lr: Some(0.5), mode: Some(CyclicModeArg::Triangular2), ..flags("cyclic") };
        let e = lr_plan(&s, false, 0.1).unwrap_err().to_string();
        assert!(e.starts_with("--mode does not apply to downhill train"), "{e}");
    }
}
