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
//! The options are described once, in `SwaOptions::OPTIONS` (names, ranges, help): the CLI's
//! `--swa-*` flags, their help and their checks are made from that table.
use crate::LearnError;
use downhill_optim::{
    Anneal, Chain, Described, Field, Hyper, Lr, OptimError, Range, SchedulePer, StochasticWeightAverage,
    Swalr,
};
use serde::{Deserialize, Serialize};

/// `--swa-start`, `--swa-lr`, `--swa-anneal-epochs`, `--swa-anneal-strategy`. torch requires
/// `swa_lr` and the recipe a start (giving it turns averaging on), so `Default` is not a run
/// until both are set (start 0 and rate 0 are out of range and `validate` names them);
/// `anneal_epochs` 10 and cos are SWALR's defaults.
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

impl Default for SwaOptions {
    fn default() -> Self {
        SwaOptions { start: 0, swa_lr: 0.0, anneal_epochs: 10, anneal_strategy: Anneal::Cos }
    }
}

impl Described for SwaOptions {
    const NAME: &'static str = "swa";
    // Named `swa_*` because they sit among every other training option (torch's SWALR calls the
    // last two `anneal_epochs` and `anneal_strategy`, which are also OneCycleLR's).
    const OPTIONS: &'static [Hyper<Self>] = &[
        Hyper::count(
            "swa_start",
            "stochastic weight averaging: average the weights at the end of each epoch from this one \
             on (counting from 1), SWALR setting the rate after it; the average, its batch-norm \
             statistics recomputed on the training rows (update_bn), is the model validated and written",
            |o: &mut Self| &mut o.start,
        ),
        Hyper::float(
            "swa_lr",
            Range::Positive,
            "SWALR's rate, reached after swa_anneal_epochs (torch's swa_lr)",
            |o: &mut Self| &mut o.swa_lr,
        )
        .required(),
        // torch accepts 0: the rate jumps to swa_lr at once.
        Hyper::count(
            "swa_anneal_epochs",
            "SWALR's anneal_epochs: epochs from the schedule's rate to swa_lr",
            |o: &mut Self| &mut o.anneal_epochs,
        )
        .in_range(Range::Any),
        Hyper::with(
            "swa_anneal_strategy",
            Range::Any,
            "SWALR's anneal_strategy, the shape of that anneal",
            Field::Choice(&["cos", "linear"], |o: &Self| o.anneal_strategy.name(), set_anneal),
        ),
    ];
}

fn set_anneal(o: &mut SwaOptions, name: &str) -> Result<(), OptimError> {
    o.anneal_strategy = name.parse()?;
    Ok(())
}

impl SwaOptions {
    /// torch's SWALR defaults around the two required values.
    pub fn new(start: usize, swa_lr: f64) -> SwaOptions {
        SwaOptions { start, swa_lr, ..SwaOptions::default() }
    }

    /// The first averaged epoch falls within a run of `max_epochs` epochs.
    pub fn check_start(&self, max_epochs: usize) -> Result<(), LearnError> {
        if self.start == 0 || self.start > max_epochs {
            let rule = "an epoch from 1 to the number of epochs (--epochs), the first one averaged";
            return Err(LearnError::invalid("swa_start", rule, self.start));
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
    use downhill_optim::Value;

    #[test]
    fn the_start_must_fall_within_the_run_and_the_rate_be_positive() {
        assert!(SwaOptions::new(5, 0.05).check_start(5).is_ok());
        let e = SwaOptions::new(6, 0.05).check_start(5).unwrap_err().to_string();
        assert!(e.contains("swa_start") && e.contains("--epochs"), "{e}");
        assert!(SwaOptions::new(0, 0.05).check_start(5).unwrap_err().to_string().contains("swa_start"));
        assert!(SwaOptions::new(1, 0.0).validate().unwrap_err().to_string().contains("swa_lr"));
        assert!(SwaOptions::default().validate().unwrap_err().to_string().contains("swa_start"));
        let given = [("swa_start", Value::Count(2)), ("swa_lr", Value::Float(0.5))];
        let o = SwaOptions::from_given(&[given[0].clone(), given[1].clone()]).unwrap();
        assert_eq!(o, SwaOptions::new(2, 0.5));
        let linear = Value::Choice("linear".into());
        let e = SwaOptions::from_given(&[given[0].clone(), ("swa_anneal_strategy", linear)]).unwrap_err();
        assert!(e.to_string().contains("swa_lr"), "{e}");
        let json = serde_json::to_string(&SwaOptions::new(3, 0.5)).unwrap();
        assert!(json.contains("\"anneal_strategy\":\"cos\""), "{json}");
    }
}
