//! From `--schedule NAME` and its flags to a `ScheduleConfig`, one function for `downhill optimize`
//! and `downhill train`, so the same flags give the same schedule in both. Unset flags take torch's
//! defaults (scikit-learn's for invscaling and optimal); lengths left unset where the rules allow it
//! (`--t-max`, `--total-steps`) cover the whole run. `--warmup-steps` puts a linear warmup in front.
//! Every schedule starts from the base rate `lr`; onecycle peaks at the rate it is built with
//! (`--max-lr`, made the base by the caller), cyclic climbs from `lr` to its own `--max-lr`
//! (`train` leaves that unset and makes `--max-lr` the base rate, as its model files always had).
//! The flags were checked against the schedule by `schedule_rules.rs`.
use crate::args::{AnnealStrategy, CyclicModeArg, ScheduleFlags};
use downhill_optim::{Anneal, CyclicMode, MomentumCycle, OneCycle, ScheduleConfig, ScheduleKind};

/// The schedule `kind` with the flags `s` applied, starting from `lr`.
pub fn from_flags(kind: ScheduleKind, s: &ScheduleFlags, lr: f64) -> ScheduleConfig {
    let inner = pure(kind, s, lr);
    match s.warmup_steps {
        Some(warmup) if kind != ScheduleKind::LinearWarmup => {
            ScheduleConfig::LinearWarmup { warmup, then: Box::new(inner) }
        }
        _ => inner,
    }
}

fn pure(kind: ScheduleKind, s: &ScheduleFlags, lr: f64) -> ScheduleConfig {
    use ScheduleConfig as S;
    use ScheduleKind as K;
    let gamma = |default: f64| s.gamma.unwrap_or(default);
    let eta_min = s.eta_min.unwrap_or(0.0);
    match kind {
        K::Constant => S::Constant,
        K::Step => S::Step { step_size: s.step_size.unwrap_or(1), gamma: gamma(0.1) },
        K::MultiStep => {
            S::MultiStep { milestones: s.milestones.clone().unwrap_or_default(), gamma: gamma(0.1) }
        }
        K::Exponential => S::Exponential { gamma: gamma(1.0) },
        K::Cosine => S::Cosine { t_max: s.t_max, eta_min },
        K::WarmRestarts => {
            S::WarmRestarts { t_0: s.t_0.unwrap_or(1), t_mult: s.t_mult.unwrap_or(1), eta_min }
        }
        K::Linear => S::Linear {
            start_factor: s.start_factor.unwrap_or(1.0 / 3.0),
            end_factor: s.end_factor.unwrap_or(1.0),
            total_iters: Some(s.total_iters.unwrap_or(5)),
        },
        K::LinearWarmup => {
            S::LinearWarmup { warmup: s.warmup_steps.unwrap_or(1), then: Box::new(S::Constant) }
        }
        K::ConstantFactor => S::ConstantFactor {
            factor: s.factor.unwrap_or(1.0 / 3.0),
            total_iters: s.total_iters.unwrap_or(5),
        },
        K::OneCycle => one_cycle(s),
        K::Polynomial => {
            S::Polynomial { total_iters: Some(s.total_iters.unwrap_or(5)), power: s.power.unwrap_or(1.0) }
        }
        K::Cyclic => cyclic(s, lr),
        K::InvScaling => S::InvScaling { power_t: s.power_t.unwrap_or(0.25) },
        K::Optimal => S::Optimal { alpha: s.optimal_alpha.unwrap_or(1e-4) },
    }
}

/// torch's `OneCycleLR` defaults, read from `OneCycle::new`, momentum cycled unless
/// `--cycle-momentum false`.
fn one_cycle(s: &ScheduleFlags) -> ScheduleConfig {
    let torch = OneCycle::new(1.0, 1);
    ScheduleConfig::OneCycle {
        total_steps: s.total_steps,
        pct_start: s.pct_start.unwrap_or(torch.pct_start),
        div_factor: s.div_factor.unwrap_or(torch.div_factor),
        final_div_factor: s.final_div_factor.unwrap_or(torch.final_div_factor),
        anneal: match s.anneal_strategy {
            Some(AnnealStrategy::Linear) => Anneal::Linear,
            Some(AnnealStrategy::Cos) | None => torch.anneal,
        },
        cycle_momentum: match s.cycle_momentum {
            Some(false) => None,
            Some(true) | None => {
                let d = MomentumCycle::default();
                Some(MomentumCycle {
                    base_momentum: s.base_momentum.unwrap_or(d.base_momentum),
                    max_momentum: s.max_momentum.unwrap_or(d.max_momentum),
                })
            }
        },
    }
}

/// torch's `CyclicLR` from `lr` up to `--max-lr`; equal halves (`step_size_down: None`) unless
/// `--step-size-down` differs from the way up.
fn cyclic(s: &ScheduleFlags, lr: f64) -> ScheduleConfig {
    let up = s.step_size_up.unwrap_or(2000);
    ScheduleConfig::Cyclic {
        base_lr: lr,
        step_size_up: up,
        step_size_down: s.step_size_down.filter(|&down| down != up),
        mode: match s.mode {
            Some(CyclicModeArg::Triangular) | None => CyclicMode::Triangular,
            Some(CyclicModeArg::Triangular2) => CyclicMode::Triangular2,
            Some(CyclicModeArg::ExpRange) => CyclicMode::ExpRange { gamma: s.gamma.unwrap_or(1.0) },
        },
        max_lr: s.max_lr,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn onecycle_cycles_momentum_as_torch_unless_told_not_to() {
        let cycle = |s: ScheduleFlags| match from_flags(ScheduleKind::OneCycle, &s, 0.1) {
            ScheduleConfig::OneCycle { cycle_momentum, .. } => cycle_momentum,
            other => panic!("{other:?}"),
        };
        let torch = MomentumCycle { base_momentum: 0.85, max_momentum: 0.95 };
        // Exact: momenta are torch's defaults or the flag's literal, copied.
        assert_eq!(cycle(ScheduleFlags::default()), Some(torch));
        let s = ScheduleFlags { base_momentum: Some(0.5), ..Default::default() };
        assert_eq!(cycle(s), Some(MomentumCycle { base_momentum: 0.5, ..torch }));
        assert_eq!(cycle(ScheduleFlags { cycle_momentum: Some(false), ..Default::default() }), None);
    }

    #[test]
    fn cyclic_keeps_equal_halves_as_none_and_its_own_peak() {
        let s = ScheduleFlags {
            max_lr: Some(0.5),
            step_size_up: Some(4),
            step_size_down: Some(4),
            ..Default::default()
        };
        let expected = ScheduleConfig::Cyclic {
            base_lr: 0.1,
            step_size_up: 4,
            step_size_down: None,
            mode: CyclicMode::Triangular,
            max_lr: Some(0.5),
        };
        assert_eq!(from_flags(ScheduleKind::Cyclic, &s, 0.1), expected); // exact: literal values copied
    }
}
