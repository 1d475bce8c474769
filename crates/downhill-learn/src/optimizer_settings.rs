//! Everything about how the parameters descend, as one serialisable value: the optimizer, its
//! schedule and how often the schedule advances, gradient clipping (a transform placed first in
//! the chain, like torch's `clip_grad_norm_` before `step()`), and reduce-on-plateau on the
//! validation loss (torch's `ReduceLROnPlateau`, mode min, relative threshold).
use crate::{LearnError, OptimizerConfig, ScheduleConfig, SchedulePer};
use downhill_optim::{Clip, PlateauOptions, ReduceOnPlateau, Transform};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OptimizerSettings {
    pub optimizer: OptimizerConfig,
    pub schedule: ScheduleConfig,
    pub schedule_per: SchedulePer,
    pub clip: Clip,
    /// Needs a validation set.
    pub plateau: Option<PlateauOptions>,
}

impl OptimizerSettings {
    /// Just an optimizer, constant rate.
    pub fn new(optimizer: OptimizerConfig) -> OptimizerSettings {
        OptimizerSettings { optimizer, ..OptimizerSettings::default() }
    }

    /// The transform for a run of `max_epochs` epochs of `batches_per_epoch` steps.
    pub fn build(
        &self,
        batches_per_epoch: usize,
        max_epochs: usize,
    ) -> Result<Box<dyn Transform>, LearnError> {
        let per_epoch = batches_per_epoch.max(1) as u64;
        let total = match self.schedule_per {
            SchedulePer::Batch => per_epoch * max_epochs as u64,
            SchedulePer::Epoch => max_epochs as u64,
        };
        let lr = self.schedule.build(self.optimizer.lr(), total, self.schedule_per, per_epoch);
        let momentum = self.schedule.momentum(total, self.schedule_per, per_epoch);
        let chain = self.optimizer.build_with(lr, momentum, false)?;
        Ok(Box::new(self.clip.apply(chain)?))
    }

    /// A fresh plateau detector, if configured.
    pub fn plateau(&self) -> Result<Option<ReduceOnPlateau>, LearnError> {
        let Some(options) = self.plateau else { return Ok(None) };
        Ok(Some(ReduceOnPlateau::new(options)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_optim::{Optimizer, Tensor};

    #[test]
    fn clipping_runs_before_the_optimizer() {
        let sgd = OptimizerConfig::from_kind(downhill_optim::OptimizerKind::Sgd).unwrap().with_lr(1.0);
        let s = OptimizerSettings { clip: Clip::GlobalNorm(1.0), ..OptimizerSettings::new(sgd) };
        let mut p = vec![Tensor::vector(vec![0.0, 0.0])];
        let mut opt = Optimizer::new(s.build(1, 1).unwrap(), &p);
        opt.step(&mut p, vec![Tensor::vector(vec![30.0, 40.0])]);
        assert!((p[0].data()[0] + 0.6).abs() < 1e-5 && (p[0].data()[1] + 0.8).abs() < 1e-5);
        let bad = OptimizerSettings { clip: Clip::Value(0.0), ..s };
        assert!(bad.build(1, 1).unwrap_err().to_string().contains("clip_value"));
    }

    #[test]
    fn plateau_options_are_validated() {
        let s = OptimizerSettings {
            plateau: Some(PlateauOptions { factor: 1.5, ..PlateauOptions::default() }),
            ..Default::default()
        };
        assert!(s.plateau().unwrap_err().to_string().contains("factor"));
        let json = serde_json::to_string(&OptimizerSettings::default()).unwrap();
        // Exact on purpose: a JSON round trip must give back the same f64 defaults.
        assert_eq!(serde_json::from_str::<OptimizerSettings>(&json).unwrap(), OptimizerSettings::default());
    }
}
