//! Stochastic weight averaging (Izmailov et al. 2018) as the recipe of `torch.optim.swa_utils`
//! runs it, with epochs numbered from 1 as training numbers them:
//!   for epoch e = 1, 2, ...: train the epoch;
//!     e >= start:  swa_model.update_parameters(model)        (equal-weight mean, once per epoch)
//!     e >  start:  the rate is SWALR's (swa_lr, anneal_epochs, anneal_strategy), per epoch,
//!                  annealed from the rate the run's schedule gave epoch `start`
//!   after training: update_bn(training rows, swa_model); the average is the model written.
//! This is torch's documented loop `if epoch > swa_start: update_parameters; swa_scheduler.step()
//! else: scheduler.step()` over 0-based epochs with `swa_start = start − 2`: the first averaged
//! epoch is `start`, and it still runs at the schedule's rate. The transforms hold the rule
//! (`StochasticWeightAverage`, `Swalr`); `update_bn.rs` recomputes the batch-norm statistics.
use crate::LearnError;
use downhill_optim::{Anneal, Chain, Lr, SchedulePer, StochasticWeightAverage, Swalr};
use serde::{Deserialize, Serialize};

/// `--swa-start`, `--swa-lr`, `--swa-anneal-epochs`, `--swa-anneal-strategy`. torch requires
/// `swa_lr`, so there is no `Default`; `anneal_epochs` 10 and cos are SWALR's defaults.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct SwaOptions {
    /// The first epoch whose weights are averaged (1-based).
    pub start: usize,
    /// The rate SWALR anneals to from epoch `start` on (torch `swa_lr`, required); > 0.
    pub swa_lr: f64,
    /// Epochs of that anneal (torch `anneal_epochs`, default 10).
    pub anneal_epochs: usize,
    /// The anneal's shape (torch `anneal_strategy`, default cos).
    pub anneal_strategy: Anneal,
}

impl SwaOptions {
    /// torch's SWALR defaults around the two required values.
    pub fn new(start: usize, swa_lr: f64) -> SwaOptions {
        SwaOptions { start, swa_lr, anneal_epochs: 10, anneal_strategy: Anneal::Cos }
    }

    /// The first averaged epoch falls within a run of `max_epochs` epochs.
    pub fn check_start(&self, max_epochs: usize) -> Result<(), LearnError> {
        if self.start == 0 || self.start > max_epochs {
            let rule = "an epoch from 1 to the number of epochs (--epochs), the first one averaged";
            return Err(LearnError::invalid("swa_start", rule, self.start));
        }
        Ok(())
    }

    /// SWALR's rate is positive and finite.
    pub fn check_rate(&self) -> Result<(), LearnError> {
        if !(self.swa_lr > 0.0 && self.swa_lr.is_finite()) {
            return Err(LearnError::invalid("swa_lr", "> 0 and finite (SWALR's rate)", self.swa_lr));
        }
        Ok(())
    }

    /// The run's rate `base` (a schedule over epochs) until the first averaged epoch, then SWALR's,
    /// as a rate per optimizer step.
    pub fn rate(&self, base: Lr, steps_per_epoch: u64) -> Lr {
        let swalr = Swalr {
            base,
            start: self.start as u64 - 1,
            swa_lr: self.swa_lr,
            anneal_epochs: self.anneal_epochs as u64,
            anneal: self.anneal_strategy,
        };
        SchedulePer::Epoch.apply(Lr::new(swalr), steps_per_epoch)
    }

    /// `chain` with the average of the weights at the end of each epoch from `start` on.
    pub fn wrap(&self, chain: Chain, steps_per_epoch: u64) -> Chain {
        let first_epoch = self.start as u64;
        Chain(vec![Box::new(StochasticWeightAverage { inner: chain, steps_per_epoch, first_epoch })])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_start_must_fall_within_the_run_and_the_rate_be_positive() {
        assert!(SwaOptions::new(5, 0.05).check_start(5).is_ok());
        let e = SwaOptions::new(6, 0.05).check_start(5).unwrap_err().to_string();
        assert!(e.contains("swa_start") && e.contains("--epochs"), "{e}");
        assert!(SwaOptions::new(0, 0.05).check_start(5).unwrap_err().to_string().contains("swa_start"));
        assert!(SwaOptions::new(1, 0.0).check_rate().unwrap_err().to_string().contains("swa_lr"));
        let json = serde_json::to_string(&SwaOptions::new(3, 0.5)).unwrap();
        assert!(json.contains("\"anneal_strategy\":\"cos\""), "{json}");
    }
}
