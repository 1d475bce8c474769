//! Schedule-Free AdamW (Defazio et al. 2024) as the `schedulefree` package's `AdamWScheduleFree`
//! (1.4.1; its memory-efficient form, which keeps y as the parameter and z, v in the state; the
//! package's `AdamWScheduleFreeReference` keeps x, y and z and is the same math, checked against
//! it in `tools/refgen/optim_reference.py`):
//!   d = g / (sqrt(v_hat) + eps) + wd y;   y <- lerp(y, z, c) + lr (b1 (1 - c) - 1) d;   z <- z - lr d
//! The model is evaluated at x = lerp(y, z, 1 - 1/b1) (the package's `optimizer.eval()`): `train`
//! validates and writes x (`Preset::evaluated_weights`), `optimize` traces y, the parameter the
//! package exposes in train mode. Chain: ScaleByScheduleFree, which holds the rate (warmup and the
//! average's weights read it).
use super::adam::{beta1, beta2, Betas};
use crate::describe::{Described, Hyper, Preset, Range};
use crate::transforms::maybe_cycled;
use crate::{Chain, Lr, OptimError, ScaleByLr, ScaleByScheduleFree, ScheduleFreeBase, State, Tensor};
use serde::{Deserialize, Serialize};

/// `schedulefree.AdamWScheduleFree`'s arguments (Defazio et al. 2024); `Default` is the package's
/// defaults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScheduleFreeAdamWOptions {
    /// Learning rate (package `lr`, default 0.0025); >= 0.
    pub lr: f64,
    /// `(beta1, beta2)`: the interpolation between y and z, and the second moment's decay (package `betas`,
    /// default (0.9, 0.999)); beta1 in (0, 1), beta2 in [0, 1).
    pub betas: (f64, f64),
    /// Added to `sqrt(v_hat)` in the denominator for numerical stability (package `eps`, default 1e-8); >= 0.
    pub eps: f64,
    /// Weight decay `wd`, added to the Adam-scaled gradient at `y` (package `weight_decay`, default 0); >= 0.
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

impl Default for ScheduleFreeAdamWOptions {
    fn default() -> Self {
        ScheduleFreeAdamWOptions {
            lr: 0.0025,
            betas: (0.9, 0.999),
            eps: 1e-8,
            weight_decay: 0.0,
            warmup_steps: 0,
            r: 0.0,
            weight_lr_power: 2.0,
        }
    }
}

impl Betas for ScheduleFreeAdamWOptions {
    fn betas(&mut self) -> &mut (f64, f64) {
        &mut self.betas
    }
}

/// The rows both Schedule-Free presets share after their own: r, weight_lr_power. The package's
/// `warmup_steps` is a field (library, model files, parity kwargs) but not a row: its rule,
/// lr (k + 1) / warmup_steps, is the schedules' linear warm-up, whose `warmup_steps` row is
/// the command line's `--warmup-steps` already (a rate warmed up by the schedule enters lr_max and
/// the average's weights exactly as the package's own warmup does).
macro_rules! schedule_free_rows {
    () => {
        [
            $crate::Hyper::float(
                "r",
                $crate::Range::NonNegative,
                "power of k in the average's weights",
                |o: &mut Self| &mut o.r,
            ),
            $crate::Hyper::float(
                "weight_lr_power",
                $crate::Range::NonNegative,
                "power of the largest rate so far in the average's weights",
                |o: &mut Self| &mut o.weight_lr_power,
            ),
        ]
    };
}
pub(crate) use schedule_free_rows;

impl Described for ScheduleFreeAdamWOptions {
    const NAME: &'static str = "schedule_free_adamw";
    const OPTIONS: &'static [Hyper<Self>] = &{
        let [r, power] = schedule_free_rows!();
        [
            Hyper::float("lr", Range::NonNegative, "learning rate", |o| &mut o.lr),
            // x = lerp(y, z, 1 - 1/b1) needs b1 > 0
            beta1().in_range(Range::UnitExclusive),
            beta2(),
            Hyper::float("eps", Range::NonNegative, "term added for numerical stability", |o| &mut o.eps),
            Hyper::float(
                "weight_decay",
                Range::NonNegative,
                "weight decay, added at y after the Adam scaling",
                |o| &mut o.weight_decay,
            ),
            r,
            power,
        ]
    };
}

impl Preset for ScheduleFreeAdamWOptions {
    fn chain(&self, lr: Lr, cycled: Option<Lr>) -> Result<Chain, OptimError> {
        let core = ScaleByScheduleFree {
            base: ScheduleFreeBase::Adam { beta2: self.betas.1, eps: self.eps },
            momentum: self.betas.0,
            weight_decay: self.weight_decay,
            warmup_steps: self.warmup_steps,
            r: self.r,
            weight_lr_power: self.weight_lr_power,
            rate: ScaleByLr::new(lr),
        };
        Ok(Chain(vec![maybe_cycled(core, cycled)]))
    }

    fn evaluated_weights(&self, state: &State, params: &[Tensor]) -> Option<Vec<Tensor>> {
        schedule_free_x(state, params, self.betas.0)
    }
}

/// The evaluation point x of a chain built by a Schedule-Free preset (its last link's state)
/// whose parameters are `y`; `None` for a state without z.
pub(crate) fn schedule_free_x(state: &State, y: &[Tensor], beta: f64) -> Option<Vec<Tensor>> {
    let link = state.inner.last()?;
    let fits = link.scalars.len() == 2 && link.slots.first().is_some_and(|z| z.len() == y.len());
    fits.then(|| ScaleByScheduleFree::evaluation_point(link, y, beta))
}

/// Builds Schedule-Free AdamW with its constant rate.
pub fn schedule_free_adamw(o: ScheduleFreeAdamWOptions) -> Result<Chain, OptimError> {
    o.build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_schedulefree() {
        let o = ScheduleFreeAdamWOptions::default();
        assert!((o.lr - 0.0025).abs() < 1e-18 && o.betas == (0.9, 0.999) && (o.eps - 1e-8).abs() < 1e-22);
        assert!(o.weight_decay == 0.0 && o.warmup_steps == 0 && o.r == 0.0);
        assert!((o.weight_lr_power - 2.0).abs() < 1e-18);
    }

    #[test]
    fn a_zero_beta1_or_negative_decay_is_an_error_naming_it() {
        let e = schedule_free_adamw(ScheduleFreeAdamWOptions { betas: (0.0, 0.999), ..Default::default() });
        assert!(e.unwrap_err().to_string().contains("betas.0"));
        let e = schedule_free_adamw(ScheduleFreeAdamWOptions { weight_decay: -1.0, ..Default::default() });
        assert!(e.unwrap_err().to_string().contains("weight_decay"));
    }
}
