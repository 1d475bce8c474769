//! A default `ScheduleConfig` for each schedule name: torch's defaults where it has them, read from
//! the schedules themselves where they carry them (OneCycle); otherwise the choices documented on
//! `from_kind`.
use crate::{MomentumCycle, OneCycle, ScheduleConfig, ScheduleKind};

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
            ScheduleKind::OneCycle => one_cycle(None),
            ScheduleKind::Polynomial => S::Polynomial { total_iters: Some(5), power: 1.0 },
            ScheduleKind::Cyclic => S::Cyclic {
                base_lr: 0.0,
                step_size_up: 10,
                step_size_down: None,
                mode: Default::default(),
                max_lr: None,
            },
            ScheduleKind::InvScaling => S::InvScaling { power_t: 0.25 },
            ScheduleKind::Optimal => S::Optimal { alpha: 1e-4 },
        }
    }
}

/// torch's `OneCycleLR` over `total_steps` (`None`: the whole run), its options read from
/// `OneCycle::new` so they cannot drift.
fn one_cycle(total_steps: Option<u64>) -> ScheduleConfig {
    let torch = OneCycle::new(1.0, 1);
    ScheduleConfig::OneCycle {
        total_steps,
        pct_start: torch.pct_start,
        div_factor: torch.div_factor,
        final_div_factor: torch.final_div_factor,
        anneal: torch.anneal,
        cycle_momentum: Some(MomentumCycle::default()),
    }
}
