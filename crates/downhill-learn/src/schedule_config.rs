//! Which learning-rate schedule, as serialisable data, and how often it advances.
//! Every schedule starts from the optimizer's base rate `lr` (OneCycle and Cyclic peak at it).
//! Step counts are in units of `SchedulePer`:
//!   Batch   the schedule advances once per optimizer step (torch: `scheduler.step()` per batch)
//!   Epoch   it advances once per epoch: lr_k = s(⌊k / batches_per_epoch⌋) for step k
//!           (torch: `scheduler.step()` after each epoch). Pure in k, so resuming needs only k.
//! Lengths left as `None` default to the whole run (max_epochs, or max_epochs · batches_per_epoch).
use downhill_optim as optim;
use downhill_optim::{Lr, Schedule, ScheduleKind};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SchedulePer {
    Batch,
    #[default]
    Epoch,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "name")]
pub enum ScheduleConfig {
    #[default]
    Constant,
    Step {
        step_size: u64,
        gamma: f64,
    },
    MultiStep {
        milestones: Vec<u64>,
        gamma: f64,
    },
    Exponential {
        gamma: f64,
    },
    Cosine {
        t_max: Option<u64>,
        eta_min: f64,
    },
    WarmRestarts {
        t_0: u64,
        t_mult: u64,
        eta_min: f64,
    },
    Linear {
        start_factor: f64,
        end_factor: f64,
        total_iters: Option<u64>,
    },
    /// Linear ramp from lr/warmup to lr over `warmup` steps, then `then` (counted from the ramp's end).
    LinearWarmup {
        warmup: u64,
        then: Box<ScheduleConfig>,
    },
    ConstantFactor {
        factor: f64,
        total_iters: u64,
    },
    OneCycle {
        total_steps: Option<u64>,
        pct_start: f64,
        div_factor: f64,
        final_div_factor: f64,
    },
    Polynomial {
        total_iters: Option<u64>,
        power: f64,
    },
    /// Triangular cycles between `base_lr` and the optimizer's lr.
    Cyclic {
        base_lr: f64,
        step_size_up: u64,
    },
    InvScaling {
        power_t: f64,
    },
    Optimal {
        alpha: f64,
    },
}

/// A schedule read once per epoch.
#[derive(Debug)]
struct PerEpoch {
    inner: Lr,
    batches_per_epoch: u64,
}

impl Schedule for PerEpoch {
    fn at(&self, step: u64) -> f64 {
        self.inner.at(step / self.batches_per_epoch.max(1))
    }
}

impl ScheduleConfig {
    /// torch's defaults where it has them; otherwise documented here: step 10 × 0.1, exponential
    /// 0.95, warm restarts every 10 steps, warmup 5 steps into constant, cyclic from lr/10 up in 10.
    pub fn from_kind(kind: ScheduleKind) -> ScheduleConfig {
        use ScheduleConfig as S;
        match kind {
            ScheduleKind::Constant => S::Constant,
            ScheduleKind::Step => S::Step { step_size: 10, gamma: 0.1 },
            ScheduleKind::MultiStep => S::MultiStep { milestones: vec![], gamma: 0.1 },
            ScheduleKind::Exponential => S::Exponential { gamma: 0.95 },
            ScheduleKind::Cosine => S::Cosine { t_max: None, eta_min: 0.0 },
            ScheduleKind::WarmRestarts => S::WarmRestarts { t_0: 10, t_mult: 1, eta_min: 0.0 },
            ScheduleKind::Linear => {
                S::Linear { start_factor: 1.0 / 3.0, end_factor: 1.0, total_iters: Some(5) }
            }
            ScheduleKind::LinearWarmup => S::LinearWarmup { warmup: 5, then: Box::new(S::Constant) },
            ScheduleKind::ConstantFactor => S::ConstantFactor { factor: 1.0 / 3.0, total_iters: 5 },
            ScheduleKind::OneCycle => {
                S::OneCycle { total_steps: None, pct_start: 0.3, div_factor: 25.0, final_div_factor: 1e4 }
            }
            ScheduleKind::Polynomial => S::Polynomial { total_iters: Some(5), power: 1.0 },
            ScheduleKind::Cyclic => S::Cyclic { base_lr: 0.0, step_size_up: 10 },
            ScheduleKind::InvScaling => S::InvScaling { power_t: 0.25 },
            ScheduleKind::Optimal => S::Optimal { alpha: 1e-4 },
        }
    }

    /// The learning-rate source: this schedule from `base`, over a run of `total` schedule steps,
    /// advanced per `per` with `batches_per_epoch` steps in an epoch.
    pub fn build(&self, base: f64, total: u64, per: SchedulePer, batches_per_epoch: u64) -> Lr {
        let inner = self.lr(base, total.max(1));
        match per {
            SchedulePer::Batch => inner,
            SchedulePer::Epoch => Lr::new(PerEpoch { inner, batches_per_epoch }),
        }
    }

    fn lr(&self, base: f64, total: u64) -> Lr {
        use ScheduleConfig as S;
        match self.clone() {
            S::Constant => Lr::from(base),
            S::Step { step_size, gamma } => Lr::new(optim::StepLr { base, step_size, gamma }),
            S::MultiStep { milestones, gamma } => Lr::new(optim::MultiStep { base, milestones, gamma }),
            S::Exponential { gamma } => Lr::new(optim::Exponential { base, gamma }),
            S::Cosine { t_max, eta_min } => {
                Lr::new(optim::Cosine { base, eta_min, t_max: t_max.unwrap_or(total) })
            }
            S::WarmRestarts { t_0, t_mult, eta_min } => {
                Lr::new(optim::WarmRestarts { base, eta_min, t_0, t_mult })
            }
            S::Linear { start_factor, end_factor, total_iters } => Lr::new(optim::Linear {
                base,
                start_factor,
                end_factor,
                total_iters: total_iters.unwrap_or(total),
            }),
            S::LinearWarmup { warmup, then } => {
                Lr::new(optim::warmup(warmup, base, then.lr(base, total.saturating_sub(warmup))))
            }
            S::ConstantFactor { factor, total_iters } => {
                Lr::new(optim::ConstantFactor { base, factor, total_iters })
            }
            S::OneCycle { total_steps, pct_start, div_factor, final_div_factor } => {
                let mut c = optim::OneCycle::new(base, total_steps.unwrap_or(total));
                (c.pct_start, c.div_factor, c.final_div_factor) = (pct_start, div_factor, final_div_factor);
                Lr::new(c)
            }
            S::Polynomial { total_iters, power } => {
                Lr::new(optim::Polynomial { base, total_iters: total_iters.unwrap_or(total), power })
            }
            S::Cyclic { base_lr, step_size_up } => Lr::new(optim::Cyclic {
                base_lr,
                max_lr: base,
                step_size_up,
                step_size_down: step_size_up,
                mode: optim::CyclicMode::Triangular,
            }),
            S::InvScaling { power_t } => Lr::new(optim::InvScaling { eta0: base, power_t }),
            S::Optimal { alpha } => Lr::new(optim::Optimal::new(alpha)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_epoch_holds_the_rate_for_a_whole_epoch() {
        let s = ScheduleConfig::Step { step_size: 1, gamma: 0.5 };
        let per_epoch = s.build(1.0, 10, SchedulePer::Epoch, 4);
        assert_eq!([0, 3, 4, 8].map(|k| per_epoch.at(k)), [1.0, 1.0, 0.5, 0.25]);
        let per_batch = s.build(1.0, 10, SchedulePer::Batch, 4);
        assert_eq!(per_batch.at(3), 0.125);
    }

    #[test]
    fn every_kind_builds_and_round_trips_as_json() {
        for name in ScheduleKind::all_names() {
            let cfg = ScheduleConfig::from_kind(name.parse().unwrap());
            let lr = cfg.build(0.1, 100, SchedulePer::Batch, 1);
            assert!(lr.at(0).is_finite() && lr.at(50).is_finite(), "{name}");
            let json = serde_json::to_string(&cfg).unwrap();
            assert_eq!(serde_json::from_str::<ScheduleConfig>(&json).unwrap(), cfg, "{json}");
        }
        // Cosine over the whole run by default: half way is half the rate.
        let cos = ScheduleConfig::from_kind(ScheduleKind::Cosine).build(1.0, 100, SchedulePer::Batch, 1);
        assert!((cos.at(50) - 0.5).abs() < 1e-12);
    }
}
