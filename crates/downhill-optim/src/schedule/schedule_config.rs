//! Which learning-rate schedule, as serialisable data with torch's option names, so a model file
//! records it and `downhill train` and `downhill optimize` build the same schedule from the same
//! flags. Every schedule starts from a base rate `base` (the optimizer's lr); OneCycle peaks at it,
//! and so does Cyclic unless it names its own `max_lr`. Lengths left as `None` default to the
//! whole run (`total` schedule steps). Options added after model files were first written
//! (`anneal`, `step_size_down`, `mode`, `max_lr`) default when missing and are left out of the JSON
//! at their default, so older files load and the JSON of older settings is unchanged.
//! OneCycle's `cycle_momentum` is the exception: missing means *not* cycled, as the models in older
//! files were trained, while `OneCycleOptions` cycles it by default, as torch does. Each schedule's
//! options, defaults and ranges are described next to it (`DescribedSchedule`); `ScheduleSetting`
//! makes a config from options given by name.
use crate::{Anneal, CyclicMode, Lr, MomentumCycle, SchedulePer};
use serde::{Deserialize, Serialize};

/// A learning-rate schedule as serialisable data (`{"name": "cosine", "t_max": null, "eta_min": 0.0}`), with
/// torch's option names; `build` turns it into an [`Lr`] from the optimizer's base rate. The schedule types
/// it builds hold the meaning of each option.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "name")]
pub enum ScheduleConfig {
    /// The base rate throughout (the default).
    #[default]
    Constant,
    /// [`StepLr`](crate::StepLr): times `gamma` every `step_size` steps.
    Step {
        /// Period of decay in steps.
        step_size: u64,
        /// Factor per period.
        gamma: f64,
    },
    /// [`MultiStep`](crate::MultiStep): times `gamma` at each milestone.
    MultiStep {
        /// Steps at which the rate decays.
        milestones: Vec<u64>,
        /// Factor per milestone.
        gamma: f64,
    },
    /// [`Exponential`](crate::Exponential): times `gamma` every step.
    Exponential {
        /// Factor per step.
        gamma: f64,
    },
    /// [`Cosine`](crate::Cosine): cosine annealing to `eta_min`.
    Cosine {
        /// Half-period in steps; `None`: the whole run.
        t_max: Option<u64>,
        /// The lowest rate.
        eta_min: f64,
    },
    /// [`WarmRestarts`](crate::WarmRestarts): cosine annealing restarted with growing periods.
    WarmRestarts {
        /// Length of the first period in steps.
        t_0: u64,
        /// Growth factor of the period.
        t_mult: u64,
        /// The lowest rate.
        eta_min: f64,
    },
    /// [`Linear`](crate::Linear): a linear ramp of the rate's factor.
    Linear {
        /// Factor at step 0.
        start_factor: f64,
        /// Factor at the end of the ramp and after.
        end_factor: f64,
        /// Length of the ramp; `None`: the whole run.
        total_iters: Option<u64>,
    },
    /// Linear ramp from lr/warmup to lr over `warmup` steps, then `then` (counted from the ramp's end).
    LinearWarmup {
        /// Length of the ramp in steps.
        warmup: u64,
        /// The schedule that follows, from its own step 0.
        then: Box<ScheduleConfig>,
    },
    /// [`ConstantFactor`](crate::ConstantFactor): a reduced rate for the first steps.
    ConstantFactor {
        /// Multiplier of the rate during the first `total_iters` steps.
        factor: f64,
        /// Steps at the reduced rate.
        total_iters: u64,
    },
    /// [`OneCycle`](crate::OneCycle) peaking at the base rate.
    OneCycle {
        /// Length of the cycle; `None`: the whole run.
        total_steps: Option<u64>,
        /// Fraction of the cycle spent increasing.
        pct_start: f64,
        /// The rate starts at base / `div_factor`.
        div_factor: f64,
        /// The rate ends at base / `div_factor` / `final_div_factor`.
        final_div_factor: f64,
        /// How each phase interpolates; cosine when missing.
        #[serde(default, skip_serializing_if = "is_default")]
        anneal: Anneal,
        /// torch `cycle_momentum`: the momentum (or beta1) runs max -> base -> max; `None`: left alone.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cycle_momentum: Option<MomentumCycle>,
    },
    /// [`Polynomial`](crate::Polynomial): polynomial decay to zero.
    Polynomial {
        /// Steps of the decay; `None`: the whole run.
        total_iters: Option<u64>,
        /// Exponent of the decay.
        power: f64,
    },
    /// Cycles between `base_lr` and `max_lr` (`None`: the base rate); `step_size_down` defaults to
    /// `step_size_up`.
    Cyclic {
        /// The lowest rate (the optimizer's rate when set from the command line).
        base_lr: f64,
        /// Steps of the rising half-cycle.
        step_size_up: u64,
        /// Steps of the falling half-cycle; `None`: `step_size_up`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        step_size_down: Option<u64>,
        /// How the height changes from cycle to cycle; triangular when missing.
        #[serde(default, skip_serializing_if = "is_default")]
        mode: CyclicMode,
        /// The peak rate; `None`: the base rate.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_lr: Option<f64>,
    },
    /// [`InvScaling`](crate::InvScaling) from the base rate: scikit-learn's `invscaling`.
    InvScaling {
        /// Exponent of the decay.
        power_t: f64,
    },
    /// [`Optimal`](crate::Optimal): scikit-learn's `optimal`, which ignores the base rate.
    Optimal {
        /// scikit-learn's regularisation strength.
        alpha: f64,
    },
}

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

impl ScheduleConfig {
    /// The learning-rate source for a training loop: this schedule from `base`, over a run of
    /// `total` schedule steps, advanced per `per` with `batches_per_epoch` steps in an epoch.
    pub fn build(&self, base: f64, total: u64, per: SchedulePer, batches_per_epoch: u64) -> Lr {
        per.apply(self.lr(base, total.max(1)), batches_per_epoch)
    }

    /// The cycled momentum (SGD's momentum, Adam's beta1) to build the optimizer with, advanced like
    /// the rate from `build`; `None` unless this is a OneCycle with `cycle_momentum`. OneCycle's
    /// `three_phase` is not supported (not for the rate either).
    pub fn momentum(&self, total: u64, per: SchedulePer, batches_per_epoch: u64) -> Option<Lr> {
        let ScheduleConfig::OneCycle { cycle_momentum: Some(cycle), .. } = self else { return None };
        let one_cycle = self.one_cycle(1.0, total.max(1))?;
        let cycled = crate::OneCycle {
            base_momentum: cycle.base_momentum,
            max_momentum: cycle.max_momentum,
            ..one_cycle
        };
        Some(per.apply(Lr::new(cycled.momentum()), batches_per_epoch))
    }

    /// The OneCycle this config describes, peaking at `base`.
    fn one_cycle(&self, base: f64, total: u64) -> Option<crate::OneCycle> {
        let ScheduleConfig::OneCycle { total_steps, pct_start, div_factor, final_div_factor, anneal, .. } =
            *self
        else {
            return None;
        };
        let torch = crate::OneCycle::new(base, total_steps.unwrap_or(total));
        Some(crate::OneCycle { pct_start, anneal, div_factor, final_div_factor, ..torch })
    }

    /// The learning-rate source advancing once per optimizer step, over a run of `total` steps.
    pub fn lr(&self, base: f64, total: u64) -> Lr {
        use ScheduleConfig as S;
        match self.clone() {
            S::Constant => Lr::from(base),
            S::Step { step_size, gamma } => Lr::new(crate::StepLr { base, step_size, gamma }),
            S::MultiStep { milestones, gamma } => Lr::new(crate::MultiStep { base, milestones, gamma }),
            S::Exponential { gamma } => Lr::new(crate::Exponential { base, gamma }),
            S::Cosine { t_max, eta_min } => {
                Lr::new(crate::Cosine { base, eta_min, t_max: t_max.unwrap_or(total) })
            }
            S::WarmRestarts { t_0, t_mult, eta_min } => {
                Lr::new(crate::WarmRestarts { base, eta_min, t_0, t_mult })
            }
            S::Linear { start_factor, end_factor, total_iters } => Lr::new(crate::Linear {
                base,
                start_factor,
                end_factor,
                total_iters: total_iters.unwrap_or(total),
            }),
            S::LinearWarmup { warmup, then } => {
                Lr::new(crate::warmup(warmup, base, then.lr(base, total.saturating_sub(warmup))))
            }
            S::ConstantFactor { factor, total_iters } => {
                Lr::new(crate::ConstantFactor { base, factor, total_iters })
            }
            S::OneCycle { .. } => Lr::new(self.one_cycle(base, total).expect("a OneCycle")),
            S::Polynomial { total_iters, power } => {
                Lr::new(crate::Polynomial { base, total_iters: total_iters.unwrap_or(total), power })
            }
            S::Cyclic { base_lr, step_size_up, step_size_down, mode, max_lr } => Lr::new(crate::Cyclic {
                base_lr,
                max_lr: max_lr.unwrap_or(base),
                step_size_up,
                step_size_down: step_size_down.unwrap_or(step_size_up),
                mode,
            }),
            S::InvScaling { power_t } => Lr::new(crate::InvScaling { eta0: base, power_t }),
            S::Optimal { alpha } => Lr::new(crate::Optimal::new(alpha)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Required, ScheduleKind, ScheduleSetting, Value, ValueKind};

    /// `kind` with torch's defaults and a value for each option torch requires.
    fn with_required(kind: ScheduleKind) -> ScheduleConfig {
        let given: Vec<(&str, Value)> = (kind.options().into_iter())
            .filter(|o| o.required == Required::Yes)
            .map(|o| match o.kind {
                ValueKind::Count => (o.name, Value::Count(3)),
                ValueKind::Counts => (o.name, Value::Counts(vec![2, 4])),
                _ => (o.name, Value::Float(0.5)),
            })
            .collect();
        ScheduleSetting::new(kind, &given, 0.1).unwrap().config
    }

    fn rates(lr: &Lr, steps: [u64; 4]) -> [f64; 4] {
        steps.map(|k| lr.at(k))
    }

    fn assert_close(got: [f64; 4], want: [f64; 4]) {
        assert!(got.iter().zip(want).all(|(g, w)| (g - w).abs() < 1e-12), "{got:?} != {want:?}");
    }

    #[test]
    fn every_kind_builds_and_round_trips_as_json() {
        for name in ScheduleKind::all_names() {
            let cfg = with_required(name.parse().unwrap());
            let lr = cfg.build(0.1, 100, SchedulePer::Batch, 1);
            assert!(lr.at(0).is_finite() && lr.at(50).is_finite(), "{name}");
            let json = serde_json::to_string(&cfg).unwrap();
            assert_eq!(serde_json::from_str::<ScheduleConfig>(&json).unwrap(), cfg, "{json}");
        }
        // Cosine over the whole run by default: half way is half the rate.
        let cos = with_required(ScheduleKind::Cosine).build(1.0, 100, SchedulePer::Batch, 1);
        assert!((cos.at(50) - 0.5).abs() < 1e-12);
    }

    #[test]
    fn options_at_their_default_keep_the_json_of_older_files() {
        let old = r#"{"name":"cyclic","base_lr":0.01,"step_size_up":10}"#;
        let cyclic: ScheduleConfig = serde_json::from_str(old).unwrap();
        assert_eq!(serde_json::to_string(&cyclic).unwrap(), old);
        let old = r#"{"name":"one_cycle","total_steps":null,"pct_start":0.3,"div_factor":25.0,"final_div_factor":10000.0}"#;
        let one_cycle: ScheduleConfig = serde_json::from_str(old).unwrap();
        assert_eq!(serde_json::to_string(&one_cycle).unwrap(), old);
        // Triangular between 0.01 and the base rate 0.1, up and down in 10 steps each.
        assert_close(rates(&cyclic.lr(0.1, 100), [0, 5, 10, 20]), [0.01, 0.055, 0.1, 0.01]);
    }

    #[test]
    fn one_cycle_cycles_momentum_by_default_but_not_when_an_older_file_left_it_out() {
        let cfg = with_required(ScheduleKind::OneCycle);
        // torch total_steps 10 (probe in /work/scratch): 0.95, 0.90, 0.85, then back up
        let mu = cfg.momentum(10, SchedulePer::Batch, 1).unwrap();
        assert_close(rates(&mu, [0, 1, 2, 9]), [0.95, 0.9, 0.85, 0.95]);
        let per_epoch = cfg.momentum(10, SchedulePer::Epoch, 4).unwrap();
        assert!((per_epoch.at(7) - 0.9).abs() < 1e-12);
        let old = r#"{"name":"one_cycle","total_steps":null,"pct_start":0.3,"div_factor":25.0,"final_div_factor":10000.0}"#;
        let old: ScheduleConfig = serde_json::from_str(old).unwrap();
        assert!(old.momentum(10, SchedulePer::Batch, 1).is_none());
        assert!(ScheduleConfig::Constant.momentum(10, SchedulePer::Batch, 1).is_none());
    }

    #[test]
    fn cyclic_options_shape_the_cycle() {
        let mode = CyclicMode::Triangular2;
        let cyclic = |max_lr| ScheduleConfig::Cyclic {
            base_lr: 0.0,
            step_size_up: 2,
            step_size_down: Some(4),
            mode,
            max_lr,
        };
        // Up in 2 steps, down in 4, the second cycle at half height (triangular2).
        assert_close(rates(&cyclic(Some(1.0)).lr(0.5, 100), [2, 4, 6, 8]), [1.0, 0.5, 0.0, 0.5]);
        assert_close(rates(&cyclic(None).lr(0.5, 100), [0, 1, 2, 4]), [0.0, 0.25, 0.5, 0.25]);
    }
}
