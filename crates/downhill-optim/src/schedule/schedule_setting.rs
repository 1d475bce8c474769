//! A schedule chosen by name with its options given by name, as `--schedule NAME --gamma ...` or
//! a config file gives them: the options set on the kind's described struct (torch's defaults,
//! required ones checked), `warmup_steps` composed in front, and the base rate the schedule sets.
//!   config = LinearWarmup { warmup_steps, then: inner }  if warmup_steps is given, else inner
use crate::describe::{Described, Value};
use crate::{Anneal, CyclicMode, LinearWarmupOptions, OptimError, ScheduleConfig, ScheduleKind};

/// The schedule's config and the base rate it sets.
#[derive(Clone, Debug, PartialEq)]
pub struct ScheduleSetting {
    /// The schedule, with `warmup_steps` composed in front when given.
    pub config: ScheduleConfig,
    /// The optimizer's base rate when the schedule sets it (onecycle peaks at `max_lr`).
    pub base_lr: Option<f64>,
}

impl ScheduleSetting {
    /// `kind` with the `given` options (names from `kind.options()`), validated; `lr` is the
    /// optimizer's rate, which cyclic stores as its lower bound.
    ///
    /// ```
    /// use downhill_optim::{ScheduleConfig, ScheduleKind, ScheduleSetting, Value};
    /// let s = ScheduleSetting::new(ScheduleKind::Step, &[("step_size", Value::Count(5))], 0.1).unwrap();
    /// assert_eq!(s.config, ScheduleConfig::Step { step_size: 5, gamma: 0.1 }); // exact: torch's literal
    /// let e = ScheduleSetting::new(ScheduleKind::Step, &[], 0.1).unwrap_err().to_string();
    /// assert!(e.contains("`step_size` is required by step"), "{e}");
    /// ```
    pub fn new(kind: ScheduleKind, given: &[(&str, Value)], lr: f64) -> Result<ScheduleSetting, OptimError> {
        let mut options = kind.defaults();
        let mut warmup = None;
        for (name, value) in given {
            if *name == "warmup_steps" && kind.warms_up() {
                // The ramp's option, checked by its own table.
                let mut ramp = LinearWarmupOptions::default();
                ramp.set(name, value.clone())?;
                warmup = ramp.warmup_steps;
            } else {
                options.set_option(name, value.clone())?;
            }
        }
        let (inner, base_lr) = options.config(lr)?;
        let config = match warmup {
            Some(warmup) => ScheduleConfig::LinearWarmup { warmup: warmup as u64, then: Box::new(inner) },
            None => inner,
        };
        Ok(ScheduleSetting { config, base_lr })
    }

    /// The setting as training stores it: cyclic's peak moved out of the schedule into the
    /// optimizer's base rate, so its JSON (and a checkpoint's identity) stays as model files
    /// written before cyclic had its own `max_lr` hold it.
    pub fn peak_as_base(self) -> ScheduleSetting {
        let ScheduleSetting { mut config, base_lr } = self;
        let cyclic = match &mut config {
            ScheduleConfig::LinearWarmup { then, .. } => then.as_mut(),
            other => other,
        };
        let peak = match cyclic {
            ScheduleConfig::Cyclic { max_lr, .. } => max_lr.take(),
            _ => None,
        };
        ScheduleSetting { config, base_lr: base_lr.or(peak) }
    }

    /// The option whose setting model files written before it existed would read as another
    /// schedule without a word (they ignore the field): onecycle's linear anneal, cyclic's modes
    /// and unequal halves. `None` when older readers see the same schedule.
    pub fn newer_shape(&self) -> Option<&'static str> {
        match self.config.after_warmup() {
            ScheduleConfig::OneCycle { anneal: Anneal::Linear, .. } => Some("anneal_strategy"),
            ScheduleConfig::Cyclic { mode, .. } if *mode != CyclicMode::Triangular => Some("mode"),
            ScheduleConfig::Cyclic { step_size_down: Some(_), .. } => Some("step_size_down"),
            _ => None,
        }
    }
}

impl ScheduleConfig {
    /// The schedule a linear warm-up hands over to, or the schedule itself without one.
    pub fn after_warmup(&self) -> &ScheduleConfig {
        match self {
            ScheduleConfig::LinearWarmup { then, .. } => then,
            other => other,
        }
    }

    /// Whether the rate peaks at a `max_lr` of the schedule's own (onecycle, cyclic), warmed up or
    /// not: training keeps that peak as the optimizer's rate, so no other rate (one a range test
    /// finds) can stand in for it.
    ///
    /// ```
    /// use downhill_optim::{ScheduleConfig, ScheduleKind, ScheduleSetting, Value};
    /// let given = [("max_lr", Value::Float(0.5)), ("warmup_steps", Value::Count(3))];
    /// let cyclic = ScheduleSetting::new(ScheduleKind::Cyclic, &given, 0.1).unwrap().config;
    /// assert!(cyclic.peaks_at_max_lr() && !ScheduleConfig::Constant.peaks_at_max_lr());
    /// ```
    pub fn peaks_at_max_lr(&self) -> bool {
        matches!(self.after_warmup(), ScheduleConfig::OneCycle { .. } | ScheduleConfig::Cyclic { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MomentumCycle;

    fn config(kind: ScheduleKind, given: &[(&str, Value)]) -> ScheduleConfig {
        ScheduleSetting::new(kind, given, 0.1).unwrap().config
    }

    #[test]
    fn onecycle_cycles_momentum_as_torch_unless_told_not_to() {
        let cycle = |given: &[(&str, Value)]| match config(ScheduleKind::OneCycle, given) {
            ScheduleConfig::OneCycle { cycle_momentum, .. } => cycle_momentum,
            other => panic!("{other:?}"),
        };
        let peak = ("max_lr", Value::Float(1.0));
        let torch = MomentumCycle { base_momentum: 0.85, max_momentum: 0.95 };
        // Exact: momenta are torch's defaults or the option's literal, copied.
        assert_eq!(cycle(std::slice::from_ref(&peak)), Some(torch));
        let base = ("base_momentum", Value::Float(0.5));
        assert_eq!(cycle(&[peak.clone(), base]), Some(MomentumCycle { base_momentum: 0.5, ..torch }));
        assert_eq!(cycle(&[peak, ("cycle_momentum", Value::Switch(false))]), None);
    }

    #[test]
    fn cyclic_keeps_equal_halves_as_none_and_its_own_peak() {
        let given = [
            ("max_lr", Value::Float(0.5)),
            ("step_size_up", Value::Count(4)),
            ("step_size_down", Value::Count(4)),
        ];
        let expected = ScheduleConfig::Cyclic {
            base_lr: 0.1,
            step_size_up: 4,
            step_size_down: None,
            mode: CyclicMode::Triangular,
            max_lr: Some(0.5),
        };
        assert_eq!(config(ScheduleKind::Cyclic, &given), expected); // exact: literal values copied
        let training = ScheduleSetting::new(ScheduleKind::Cyclic, &given, 0.1).unwrap().peak_as_base();
        assert_eq!(training.base_lr, Some(0.5)); // exact: the literal moved
    }

    #[test]
    fn defaults_are_torchs_and_required_options_have_none() {
        // torch 2.x signatures: StepLR(step_size, gamma=0.1), CyclicLR(step_size_up=2000, ...).
        let e = ScheduleSetting::new(ScheduleKind::Exponential, &[], 0.1).unwrap_err().to_string();
        assert!(e.contains("`gamma` is required by exponential"), "{e}");
        let cyclic = config(ScheduleKind::Cyclic, &[("max_lr", Value::Float(1.0))]);
        assert!(matches!(cyclic, ScheduleConfig::Cyclic { step_size_up: 2000, .. }), "{cyclic:?}");
        for kind in [ScheduleKind::WarmRestarts, ScheduleKind::LinearWarmup, ScheduleKind::MultiStep] {
            assert!(ScheduleSetting::new(kind, &[], 0.1).is_err(), "{kind}");
        }
        let warm =
            config(ScheduleKind::Step, &[("step_size", Value::Count(2)), ("warmup_steps", Value::Count(3))]);
        let step = ScheduleConfig::Step { step_size: 2, gamma: 0.1 };
        assert_eq!(warm, ScheduleConfig::LinearWarmup { warmup: 3, then: Box::new(step) });
        // exact: literals
    }

    #[test]
    fn a_warmed_up_peak_is_still_max_lr() {
        let peak = ("max_lr", Value::Float(0.5));
        let warmup = ("warmup_steps", Value::Count(3));
        assert!(config(ScheduleKind::Cyclic, &[peak.clone(), warmup.clone()]).peaks_at_max_lr());
        assert!(config(ScheduleKind::Cyclic, std::slice::from_ref(&peak)).peaks_at_max_lr());
        assert!(config(ScheduleKind::OneCycle, &[peak]).peaks_at_max_lr());
        let step = config(ScheduleKind::Step, &[("step_size", Value::Count(2)), warmup]);
        assert!(!step.peaks_at_max_lr());
        assert_eq!(step.after_warmup(), &ScheduleConfig::Step { step_size: 2, gamma: 0.1 });
    }
}
