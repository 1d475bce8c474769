//! From `--schedule NAME` and its flags (checked by the same rules as `optimize`, and built by the
//! same library call, `ScheduleSetting`) to the training loop's `ScheduleConfig` and
//! reduce-on-plateau settings. Unset flags take torch's defaults, except that `--t-max` (cosine)
//! and onecycle's `--total-steps` default to the whole run. The schedule advances per epoch or per
//! batch (`--schedule-per`), so lengths count epochs or batches.
//! onecycle and cyclic peak at `--max-lr`, which becomes the optimizer's base rate; cyclic starts
//! from `--lr`. Shapes older model files cannot hold are `optimize`-only (see `unsupported`).
use crate::args::{schedule_flag_set, ScheduleFlags};
use crate::error::CliError;
use crate::optimize::{choose_schedule, plateau_options, schedule_option_error};
use downhill_learn::{Plateau, ScheduleConfig};
use downhill_optim::{ScheduleChoice, ScheduleSetting};

/// The schedule, the plateau rule if chosen, and the base rate when the schedule sets it (`--max-lr`).
#[derive(Clone, Debug, PartialEq)]
pub struct LrPlan {
    pub schedule: ScheduleConfig,
    pub plateau: Option<Plateau>,
    pub base_lr: Option<f64>,
}

/// Validates `s` and builds the plan; `lr` is the optimizer's rate (cyclic's lower bound).
pub fn lr_plan(s: &ScheduleFlags, lr_given: bool, lr: f64) -> Result<LrPlan, CliError> {
    let plan = |schedule| LrPlan { schedule, plateau: None, base_lr: None };
    let kind = match choose_schedule(s, lr_given, true)? {
        None => return Ok(plan(ScheduleConfig::Constant)),
        Some(ScheduleChoice::Plateau) => {
            let plateau = Some(plateau_options(s)?);
            return Ok(LrPlan { plateau, ..plan(ScheduleConfig::Constant) });
        }
        Some(ScheduleChoice::Pure(kind)) => kind,
    };
    // Training keeps cyclic's peak in the optimizer's base rate and no `max_lr` in the schedule, as
    // its model files always have: their JSON, and a checkpoint's identity, stay as they were.
    // (`optimize` keeps cyclic's own `max_lr`, so its warmup ramps to `--lr`.)
    let setting = ScheduleSetting::new(kind, &s.given, lr)
        .map_err(|e| schedule_option_error(e, format!("--schedule {}", kind.name())))?
        .peak_as_base();
    unsupported(s, &setting)?;
    Ok(LrPlan { schedule: setting.config, plateau: None, base_lr: setting.base_lr })
}

/// Schedule shapes `train` does not offer, though `ScheduleConfig` can hold them: older versions
/// ignore the fields that hold them, so a model file written with one would load there as another
/// schedule without a word. cyclic's `--gamma` counts too: it only shapes those other modes.
fn unsupported(s: &ScheduleFlags, setting: &ScheduleSetting) -> Result<(), CliError> {
    let cyclic = |c: &ScheduleConfig| matches!(c, ScheduleConfig::Cyclic { .. });
    let gamma = (s.get("gamma").is_some() && cyclic(setting.config.after_warmup())).then_some("gamma");
    match setting.newer_shape().or(gamma) {
        None => Ok(()),
        Some(option) => Err(CliError::NotApplicable {
            flag: schedule_flag_set().spec(option).flag,
            chosen: "downhill train".into(),
            applies_to:
                "downhill optimize (training offers triangular cyclic with equal halves and cosine onecycle)"
                    .into(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_optim::Value;

    #[test]
    fn cosine_defaults_to_the_whole_run_and_warmup_wraps_it() {
        let p =
            lr_plan(&ScheduleFlags::of("cosine", &[("warmup_steps", Value::Count(3))]), false, 0.1).unwrap();
        let inner = ScheduleConfig::Cosine { t_max: None, eta_min: 0.0 };
        // Exact: the config holds literal values, no arithmetic.
        assert_eq!(p.schedule, ScheduleConfig::LinearWarmup { warmup: 3, then: Box::new(inner) });
    }

    #[test]
    fn onecycle_peaks_at_max_lr_and_plateau_keeps_torch_defaults() {
        let p =
            lr_plan(&ScheduleFlags::of("onecycle", &[("max_lr", Value::Float(0.5))]), false, 0.1).unwrap();
        // Exact: base_lr and the plateau factor are the flag's literal and torch's default, copied.
        assert_eq!(p.base_lr, Some(0.5));
        let p = lr_plan(&ScheduleFlags::of("plateau", &[("patience", Value::Count(3))]), false, 0.1).unwrap();
        assert_eq!(p.plateau.map(|p| (p.patience, p.factor)), Some((3, 0.1)));
    }

    #[test]
    fn cyclic_peaks_at_the_base_rate_as_in_older_model_files() {
        let given = [("max_lr", Value::Float(0.5)), ("step_size_up", Value::Count(3))];
        let p = lr_plan(&ScheduleFlags::of("cyclic", &given), true, 0.1).unwrap();
        let json = r#"{"name":"cyclic","base_lr":0.1,"step_size_up":3}"#;
        // Exact: base_lr is the --max-lr literal, copied.
        assert_eq!((serde_json::to_string(&p.schedule).unwrap().as_str(), p.base_lr), (json, Some(0.5)));
    }

    #[test]
    fn optimize_only_shapes_are_named() {
        let given = [("max_lr", Value::Float(0.5)), ("mode", Value::Choice("triangular2".into()))];
        let e = lr_plan(&ScheduleFlags::of("cyclic", &given), false, 0.1).unwrap_err().to_string();
        assert!(e.starts_with("--mode does not apply to downhill train"), "{e}");
    }
}
