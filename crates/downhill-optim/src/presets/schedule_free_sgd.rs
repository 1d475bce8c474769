//! Schedule-Free SGD (Defazio et al. 2024) as the `schedulefree` package's `SGDScheduleFree`
//! (1.4.1; y is the parameter, z the state, as in `schedule_free_adamw.rs`):
//!   d = g + wd y;   y <- lerp(y, z, c) + lr (momentum (1 - c) - 1) d;   z <- z - lr d
//! evaluated at x = lerp(y, z, 1 - 1/momentum). Chain: ScaleByScheduleFree, holding the rate.
use super::schedule_free_adamw::{schedule_free_rows, schedule_free_x};
use crate::describe::{Described, Hyper, Preset, Range};
use crate::transforms::maybe_cycled;
use crate::{Chain, Lr, OptimError, ScaleByLr, ScaleByScheduleFree, ScheduleFreeBase, State, Tensor};
use serde::{Deserialize, Serialize};

/// `schedulefree.SGDScheduleFree`'s arguments (Defazio et al. 2024); `Default` is the package's
/// defaults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScheduleFreeSgdOptions {
    /// Learning rate (package `lr`, default 1.0); >= 0.
    pub lr: f64,
    /// Interpolation between y and z; the model is evaluated at `lerp(y, z, 1 - 1/momentum)` (package
    /// `momentum`, default 0.9); in (0, 1).
    pub momentum: f64,
    /// L2 penalty `wd`, added to the gradient at `y` (package `weight_decay`, default 0); >= 0.
    pub weight_decay: f64,
    /// Linear warm-up of the rate over this many steps (package `warmup_steps`, default 0: none). Not
    /// a command-line option: `--warmup-steps` there is the schedules' warm-up, to the same effect.
    pub warmup_steps: usize,
    /// Power of the step count `k` in the average's weights `c` (package `r`, default 0); >= 0.
    pub r: f64,
    /// Power of the largest rate so far in the average's weights (package `weight_lr_power`, default 2); >=
    /// 0.
    pub weight_lr_power: f64,
}

impl Default for ScheduleFreeSgdOptions {
    fn default() -> Self {
        ScheduleFreeSgdOptions {
            lr: 1.0,
            momentum: 0.9,
            weight_decay: 0.0,
            warmup_steps: 0,
            r: 0.0,
            weight_lr_power: 2.0,
        }
    }
}

impl Described for ScheduleFreeSgdOptions {
    const NAME: &'static str = "schedule_free_sgd";
    const OPTIONS: &'static [Hyper<Self>] = &{
        let [r, power] = schedule_free_rows!();
        [
            Hyper::float("lr", Range::NonNegative, "learning rate", |o| &mut o.lr),
            // the package's own rule: 0 < momentum < 1
            Hyper::float("momentum", Range::UnitExclusive, "interpolation between x and z", |o| {
                &mut o.momentum
            }),
            Hyper::float("weight_decay", Range::NonNegative, "L2 penalty, added to the gradient at y", |o| {
                &mut o.weight_decay
            }),
            r,
            power,
        ]
    };
}

impl Preset for ScheduleFreeSgdOptions {
    fn chain(&self, lr: Lr, cycled: Option<Lr>) -> Result<Chain, OptimError> {
        let core = ScaleByScheduleFree {
            base: ScheduleFreeBase::Sgd,
            momentum: self.momentum,
            weight_decay: self.weight_decay,
            warmup_steps: self.warmup_steps,
            r: self.r,
            weight_lr_power: self.weight_lr_power,
            rate: ScaleByLr::new(lr),
        };
        Ok(Chain(vec![maybe_cycled(core, cycled)]))
    }

    fn evaluated_weights(&self, state: &State, params: &[Tensor]) -> Option<Vec<Tensor>> {
        schedule_free_x(state, params, self.momentum)
    }
}

/// Builds Schedule-Free SGD with its constant rate.
pub fn schedule_free_sgd(o: ScheduleFreeSgdOptions) -> Result<Chain, OptimError> {
    o.build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_schedulefree() {
        let o = ScheduleFreeSgdOptions::default();
        assert!((o.lr - 1.0).abs() < 1e-18 && (o.momentum - 0.9).abs() < 1e-18 && o.weight_decay == 0.0);
        assert!(o.warmup_steps == 0 && o.r == 0.0 && (o.weight_lr_power - 2.0).abs() < 1e-18);
    }

    #[test]
    fn momentum_must_lie_strictly_between_0_and_1() {
        for momentum in [0.0, 1.0] {
            let e = schedule_free_sgd(ScheduleFreeSgdOptions { momentum, ..Default::default() }).unwrap_err();
            assert!(e.to_string().contains("`momentum`") && e.to_string().contains("(0, 1)"), "{e}");
        }
    }
}
