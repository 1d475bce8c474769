//! torch `SWALR` as the recipe of `torch.optim.swa_utils` runs it: the run's own schedule until
//! stochastic weight averaging starts, then SWALR. Steps are epochs (0-based), `start` the first
//! averaged epoch. In torch's recipe, `scheduler.step()` ends every epoch up to `swa_start` and
//! `swa_scheduler.step()` every later one, so epoch `start` still runs at the schedule's rate L
//! and SWALR's k-th step sets the rate of epoch start + k:
//!   epoch e <= start:   base(e)                                  (L = base(start))
//!   epoch start + k:    lr_k = swa_lr · α_k + L_k · (1 − α_k),   lr_0 = L
//!     α_k = f(min(1, k / max(1, A))),  f(t) = (1 − cos(π t)) / 2 (cos) or t (linear)
//!     L_k = (lr_{k−1} − α_{k−1} · swa_lr) / (1 − α_{k−1}), or swa_lr when α_{k−1} = 1
//! torch's `get_lr` recovers the rate it started from (L_k) out of the previous rate and the previous
//! α instead of remembering L: mathematically L, in float64 L up to rounding. The recursion is run
//! here as torch runs it, so the rates are torch's to the last bit. From k = A on the rate is
//! swa_lr exactly. A = 0 gives swa_lr from epoch start + 1 (torch's constructor, called before
//! training in the recipe, would already set swa_lr then: the recipe is meant for A >= 1).
use crate::{Anneal, Lr, Schedule};
use std::f64::consts::PI;

/// The run's schedule `base` (read per epoch), then SWALR from epoch `start`.
///
/// ```
/// use downhill_optim::{Anneal, Schedule, Swalr};
/// let s = Swalr { base: 0.1.into(), start: 2, swa_lr: 0.05, anneal_epochs: 2, anneal: Anneal::Linear };
/// let lrs: Vec<f64> = (0..6).map(|e| s.at(e)).collect();
/// // 0.1 up to the first averaged epoch, then halfway to 0.05, then 0.05 (f64, 1e-15).
/// for (got, want) in lrs.iter().zip([0.1, 0.1, 0.1, 0.075, 0.05, 0.05]) {
///     assert!((got - want).abs() < 1e-15, "{lrs:?}");
/// }
/// ```
#[derive(Clone, Debug)]
pub struct Swalr {
    /// The run's own schedule, read per epoch up to `start`.
    pub base: Lr,
    /// The first averaged epoch (torch recipe's `swa_start`), 0-based.
    pub start: u64,
    /// The rate SWALR anneals to (torch `swa_lr`).
    pub swa_lr: f64,
    /// Epochs of the anneal (torch `anneal_epochs`, default 10).
    pub anneal_epochs: u64,
    /// The shape of the anneal (torch `anneal_strategy`, default `'cos'`).
    pub anneal: Anneal,
}

impl Swalr {
    /// α for SWALR's step k (torch's `anneal_func(t)`).
    fn alpha(&self, k: u64) -> f64 {
        let t = (k as f64 / self.anneal_epochs.max(1) as f64).min(1.0);
        match self.anneal {
            Anneal::Cos => (1.0 - (PI * t).cos()) / 2.0,
            Anneal::Linear => t,
        }
    }
}

impl Schedule for Swalr {
    fn at(&self, epoch: u64) -> f64 {
        let mut lr = self.base.at(epoch.min(self.start));
        // Past α = 1 every step gives swa_lr, so the loop is at most A + 1 steps long.
        let steps = epoch.saturating_sub(self.start).min(self.anneal_epochs.max(1) + 1);
        for k in 1..=steps {
            let prev = self.alpha(k - 1);
            let initial = if prev == 1.0 { self.swa_lr } else { (lr - prev * self.swa_lr) / (1.0 - prev) };
            let alpha = self.alpha(k);
            lr = self.swa_lr * alpha + initial * (1.0 - alpha);
        }
        lr
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::StepLr;
    use downhill_testing::assert_close;

    #[test]
    fn cosine_annealing_starts_from_the_rate_the_schedule_reached() {
        // StepLr halves every epoch from 0.8: epochs 0..=2 at 0.8, 0.4, 0.2; L = 0.2. A = 2, cos:
        // α_1 = (1 − cos(π/2))/2 = 1/2, α_2 = 1: 0.2/2 + 0.1/2 = 0.15, then 0.1 for good.
        let base = Lr::new(StepLr { base: 0.8, step_size: 1, gamma: 0.5 });
        let s = Swalr { base, start: 2, swa_lr: 0.1, anneal_epochs: 2, anneal: Anneal::Cos };
        let got: Vec<f64> = (0..7).map(|e| s.at(e)).collect();
        // f64 with cos(π/2) ≈ 6e-17 off zero: 1e-15.
        assert_close("swalr cos", &got, &[0.8, 0.4, 0.2, 0.15, 0.1, 0.1, 0.1], 1e-15);
        // No annealing: swa_lr from the epoch after the first averaged one.
        let now = Swalr { anneal_epochs: 0, ..s };
        assert_close("swalr A = 0", &[now.at(2), now.at(3), now.at(9)], &[0.2, 0.1, 0.1], 1e-15);
    }
}
