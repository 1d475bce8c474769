//! Everything about how the parameters descend, as one serialisable value: the optimizer, its
//! schedule and how often the schedule advances, gradient clipping (a transform placed first in
//! the chain, like torch's `clip_grad_norm_` before `step()`), and reduce-on-plateau on the
//! validation loss (torch's `ReduceLROnPlateau`, mode min, relative threshold).
//! Muon takes the hidden weight matrices only (`muon_split.rs`); AdamW with torch's defaults takes
//! the other parameters, its rate following the same schedule from its own base rate:
//!   [clip] Groups[(hidden matrices, Muon), (the rest, AdamW)]
//! SparseAdam takes the embedding tables only and Adam the rest (`sparse_adam_split.rs`):
//!   [clip] Groups[(tables, SparseAdam), (the rest, Adam)]
//! Lookahead, when set, wraps the optimizer (inside the clipping, which sees the raw gradients),
//! and a moving or stochastic average of the weights wraps that (`swa.rs` for the latter's recipe).
use crate::SwaOptions;
use crate::{muon_split, sparse_adam_split, LearnError, OptimizerConfig, ScheduleConfig, SchedulePer};
use downhill_autograd::Param;
use downhill_optim::{AdamWOptions, Chain, Clip, Groups, Lookahead, LookaheadOptions, PlateauOptions};
use downhill_optim::{ReduceOnPlateau, State, StochasticWeightAverage, Tensor, Transform, WeightEma};
use serde::{Deserialize, Serialize};

/// How the parameters descend, as one serialisable value (see the module docs); `Default` is Adam
/// at torch's defaults with a constant rate and no clipping.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OptimizerSettings {
    /// The optimizer and its options.
    pub optimizer: OptimizerConfig,
    /// The learning-rate schedule, from the optimizer's `lr`.
    pub schedule: ScheduleConfig,
    /// Whether the schedule advances per batch or per epoch (default per epoch).
    pub schedule_per: SchedulePer,
    /// Gradient clipping, first in the chain (default none).
    pub clip: Clip,
    /// Needs a validation set.
    pub plateau: Option<PlateauOptions>,
    /// Lookahead around the optimizer (timm's `Lookahead`); absent from the JSON when off, so
    /// files written before it existed read and resume as they did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lookahead: Option<LookaheadOptions>,
    /// The decay of an exponential moving average of the weights (torch's `AveragedModel` with
    /// `get_ema_multi_avg_fn(decay)`, updated after every step), in [0, 1]; the average is the
    /// model that is validated and written. Absent from the JSON when off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ema: Option<f64>,
    /// Stochastic weight averaging with SWALR (`swa.rs`): the average of the weights at the end of
    /// each epoch from `start` on is the model validated and written, after `update_bn`. Absent
    /// from the JSON when off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub swa: Option<SwaOptions>,
}

impl OptimizerSettings {
    /// Just an optimizer, constant rate.
    pub fn new(optimizer: OptimizerConfig) -> OptimizerSettings {
        OptimizerSettings { optimizer, ..OptimizerSettings::default() }
    }

    /// The transform for `params` (the model's, in `params()` order; empty to check the settings
    /// only) trained for `max_epochs` epochs of `batches_per_epoch` steps.
    pub fn build(
        &self,
        batches_per_epoch: usize,
        max_epochs: usize,
        params: &[&Param],
    ) -> Result<Box<dyn Transform>, LearnError> {
        let per_epoch = batches_per_epoch.max(1) as u64;
        let total = match self.schedule_per {
            SchedulePer::Batch => per_epoch * max_epochs as u64,
            SchedulePer::Epoch => max_epochs as u64,
        };
        self.check_swa()?;
        let chain_for = |config: &OptimizerConfig| -> Result<Chain, LearnError> {
            let lr = match &self.swa {
                // SWALR counts epochs (checked above).
                Some(swa) => swa.rate(self.schedule.lr(config.lr(), total.max(1)), per_epoch),
                None => self.schedule.build(config.lr(), total, self.schedule_per, per_epoch),
            };
            let momentum = self.schedule.momentum(total, self.schedule_per, per_epoch);
            Ok(config.build_with(lr, momentum, false)?)
        };
        let chain = chain_for(&self.optimizer)?;
        let chain = match (&self.optimizer, params.is_empty()) {
            (OptimizerConfig::Muon(_), false) => {
                let (muon, rest) = muon_split(params);
                if muon.is_empty() {
                    let rule =
                        "used with hidden weight matrices, which this model lacks (Muon takes the 2-D \
                                weights between the first and the last layer: give it two hidden layers or \
                                more, or use adamw)";
                    return Err(LearnError::invalid("optimizer", rule, "muon"));
                }
                let adamw = chain_for(&OptimizerConfig::AdamW(AdamWOptions::default()))?;
                let groups = Groups::new(vec![(muon, Box::new(chain)), (rest, Box::new(adamw))])?;
                Chain(vec![Box::new(groups)])
            }
            (OptimizerConfig::SparseAdam(o), false) => {
                let adam = chain_for(&sparse_adam_split::adam_for_the_rest(o))?;
                sparse_adam_split::sparse_adam_groups(self, params, chain, adam)?
            }
            _ => chain,
        };
        let chain = match &self.lookahead {
            Some(l) => l.wrap(chain)?,
            None => chain,
        };
        let chain = match self.ema {
            Some(decay) if !(0.0..=1.0).contains(&decay) => {
                return Err(LearnError::invalid("ema", "a decay in [0, 1] (torch's rule)", decay));
            }
            Some(decay) => Chain(vec![Box::new(WeightEma { inner: chain, decay })]),
            None => chain,
        };
        let chain = match &self.swa {
            Some(swa) => swa.wrap(chain, per_epoch),
            None => chain,
        };
        Ok(Box::new(self.clip.apply(chain)?))
    }

    /// Stochastic weight averaging replaces the schedule by SWALR per epoch and is the one average
    /// of the weights: what does not fit it is refused, naming the flag.
    fn check_swa(&self) -> Result<(), LearnError> {
        let Some(swa) = &self.swa else { return Ok(()) };
        downhill_optim::Described::validate(swa)?;
        let refused = [
            (self.ema.is_some(), "--ema", "one average of the weights at a time: --ema or --swa-start"),
            (self.plateau.is_some(), "--schedule plateau", "SWALR sets the rate once averaging starts"),
            (
                self.schedule_per == SchedulePer::Batch,
                "--schedule-per batch",
                "SWALR steps once per epoch, as in torch's recipe: --schedule-per epoch",
            ),
        ];
        match refused.into_iter().find(|r| r.0) {
            Some((_, _, rule)) => Err(LearnError::invalid("swa_start", rule, swa.start)),
            None => Ok(()),
        }
    }

    /// The weights to evaluate instead of `params` (`OptimizerConfig::evaluated_weights`), given
    /// the state of the transform `build` made: inside Lookahead, the wrapped chain's state.
    pub fn evaluated_weights(&self, state: &State, params: &[Tensor]) -> Option<Vec<Tensor>> {
        // With a moving average, the average is the model (of the parameters, whatever the
        // optimizer would evaluate), from the first step on; a stochastic one from the end of the
        // first averaged epoch on.
        let state = match self.swa {
            Some(_) => {
                let swa = state.inner.last()?;
                if let Some(average) = StochasticWeightAverage::average(swa) {
                    return Some(average.to_vec());
                }
                StochasticWeightAverage::inner_state(swa)
            }
            None => state,
        };
        let state = match self.ema {
            Some(_) => {
                let ema = state.inner.last()?;
                if let Some(average) = WeightEma::average(ema) {
                    return Some(average.to_vec());
                }
                WeightEma::inner_state(ema)
            }
            None => state,
        };
        let state = match self.lookahead {
            Some(_) => Lookahead::inner_state(state.inner.last()?),
            None => state,
        };
        self.optimizer.evaluated_weights(state, params)
    }

    /// With stochastic weight averaging, how many epochs' weights the average in `state` (the
    /// state of the transform `build` made) holds.
    pub fn swa_epochs(&self, state: &State) -> Option<usize> {
        self.swa?;
        Some(StochasticWeightAverage::averaged(state.inner.last()?) as usize)
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
        let mut opt = Optimizer::new(s.build(1, 1, &[]).unwrap(), &p);
        opt.step(&mut p, vec![Tensor::vector(vec![30.0, 40.0])]);
        assert!((p[0].data()[0] + 0.6).abs() < 1e-5 && (p[0].data()[1] + 0.8).abs() < 1e-5);
        let bad = OptimizerSettings { clip: Clip::Value(0.0), ..s };
        assert!(bad.build(1, 1, &[]).unwrap_err().to_string().contains("clip_value"));
    }

    #[test]
    fn muon_steps_the_hidden_matrices_and_adamw_the_rest() {
        // MLP 3 -> 4 -> 4 -> 2: parameters W0 b0 W1 b1 W2 b2; Muon takes W1 only. One step with
        // the same gradients equals Muon alone on [W1] and AdamW (torch defaults) alone on the
        // rest. Exact: the same kernels on the same numbers.
        let net = downhill_nn::Mlp::new(&[3, 4, 4, 2]).build().unwrap();
        let params = downhill_nn::Module::params(&net);
        let values: Vec<Tensor> = params.iter().map(|p| p.value.clone()).collect();
        let grads: Vec<Tensor> = values.iter().map(|v| v.map(|x| 0.5 - x)).collect();
        let s = OptimizerSettings::new(OptimizerConfig::Muon(Default::default()).with_lr(0.02));
        let mut together = values.clone();
        Optimizer::new(s.build(1, 1, &params).unwrap(), &together).step(&mut together, grads.clone());
        let alone = |config: OptimizerConfig, idx: &[usize]| {
            let mut p: Vec<Tensor> = idx.iter().map(|&i| values[i].clone()).collect();
            let g: Vec<Tensor> = idx.iter().map(|&i| grads[i].clone()).collect();
            let mut opt = Optimizer::new(OptimizerSettings::new(config).build(1, 1, &[]).unwrap(), &p);
            opt.step(&mut p, g);
            p
        };
        let muon = alone(OptimizerConfig::Muon(Default::default()).with_lr(0.02), &[2]);
        let rest = [0, 1, 3, 4, 5];
        let adamw = alone(OptimizerConfig::AdamW(Default::default()), &rest);
        assert_eq!(together[2].data(), muon[0].data());
        for (k, &i) in rest.iter().enumerate() {
            assert_eq!(together[i].data(), adamw[k].data(), "parameter {i}");
        }
        // One hidden layer has no hidden matrix: a one-line error instead of AdamW everywhere.
        let shallow = downhill_nn::Mlp::new(&[3, 4, 2]).build().unwrap();
        let e = s.build(1, 1, &downhill_nn::Module::params(&shallow)).unwrap_err().to_string();
        assert!(e.contains("muon") && e.contains("hidden weight matrices") && !e.contains('\n'), "{e}");
    }

    #[test]
    fn inside_lookahead_schedule_free_still_evaluates_x() {
        // x = lerp(y, z, 1 - 1/b1) read from the wrapped chain's state; z starts at the parameters,
        // so before any step x is y itself (exact: lerp(y, y, w) = y).
        let sf = OptimizerConfig::ScheduleFreeSgd(Default::default());
        let s =
            OptimizerSettings { lookahead: Some(LookaheadOptions::default()), ..OptimizerSettings::new(sf) };
        let p = vec![Tensor::vector(vec![1.0, -2.0])];
        let opt = Optimizer::new(s.build(1, 1, &[]).unwrap(), &p);
        let x = s.evaluated_weights(opt.state(), &p).expect("x through Lookahead");
        assert_eq!(x[0].data(), p[0].data());
        let json = serde_json::to_string(&OptimizerSettings::default()).unwrap();
        assert!(!json.contains("lookahead"), "{json}");
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
