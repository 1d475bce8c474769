//! Everything that changes while a model trains, apart from the weights themselves: the optimizer
//! state, the epoch and step counters (which are also the RNG state, see seeds.rs), the history,
//! and the state of every stopping rule. Plain data, so a checkpoint is this plus the weights.
use crate::{EarlyStoppingState, History, LearnError, ToleranceState, TrainConfig};
use downhill_nn::Module;
use downhill_optim::{Optimizer, ReduceOnPlateau};
use downhill_tensor::Tensor;
use std::collections::BTreeMap;

/// Everything that changes while a model trains besides its weights: optimizer state, counters, history and
/// the stopping rules' states (see the module docs).
#[derive(Debug)]
pub struct Session {
    /// The optimizer; each step goes through its checked form (`Optimizer::step_checked`), so a
    /// non-finite update is refused and the weights stay as they were.
    pub(crate) optimizer: Optimizer,
    /// Completed epochs.
    pub(crate) epoch: usize,
    /// Optimizer steps taken (indexes the dropout streams).
    pub(crate) steps: u64,
    pub(crate) history: History,
    pub(crate) plateau: Option<ReduceOnPlateau>,
    pub(crate) early: EarlyStoppingState,
    pub(crate) tolerance: ToleranceState,
    /// Weights and buffers of the best epoch so far, when early stopping restores them.
    pub(crate) best: Option<BTreeMap<String, Tensor>>,
    /// Seconds spent training so far, across resumes (for the time limit).
    pub(crate) elapsed: f64,
    /// L-BFGS and its history, when it is the solver (it replaces `optimizer`'s steps).
    pub(crate) lbfgs: Option<downhill_optim::Lbfgs>,
    /// A streamed run's place in its pass: set while a mid-pass checkpoint is written, and by
    /// loading one until the pass resumes there (`pass_position.rs`).
    pub(crate) pass: Option<crate::pass_position::PassPosition>,
}

impl Session {
    /// A fresh session for `model` trained on `train_rows` rows, whose validation metric is called
    /// `metric` (`Criterion::metric_name`; empty for none).
    pub fn new<M: Module + ?Sized>(
        config: &TrainConfig,
        model: &M,
        train_rows: usize,
        metric: &str,
    ) -> Result<Session, LearnError> {
        let batches = config.batch_size.per_epoch(train_rows).div_ceil(config.accumulate.max(1));
        let tx = config.optimizer.build(batches, config.stopping.max_epochs, &model.params())?;
        let values: Vec<Tensor> = model.params().iter().map(|p| p.value.clone()).collect();
        Ok(Session {
            optimizer: Optimizer::new(tx, &values),
            epoch: 0,
            steps: 0,
            history: History { metric: metric.to_string(), ..History::default() },
            plateau: config.optimizer.plateau()?,
            early: EarlyStoppingState::default(),
            tolerance: ToleranceState::default(),
            best: None,
            elapsed: 0.0,
            pass: None,
            lbfgs: match &config.solver {
                crate::Solver::Lbfgs(o) => Some(downhill_optim::Lbfgs::new(o.clone())?),
                crate::Solver::FirstOrder => None,
            },
        })
    }

    /// The weights to evaluate instead of the iterate `model` holds, in `params()` order, when the
    /// optimizer's model is not its parameters (`OptimizerConfig::evaluated_weights`: ASGD's
    /// average ax, as torch's `ASGD` users read it; Schedule-Free's x, the package's eval mode).
    pub(crate) fn evaluated_weights<M: Module + ?Sized>(
        &self,
        config: &TrainConfig,
        model: &M,
    ) -> Option<Vec<Tensor>> {
        let params: Vec<Tensor> = model.params().iter().map(|p| p.value.clone()).collect();
        config.optimizer.evaluated_weights(self.optimizer.state(), &params)
    }

    /// What training has recorded so far.
    pub fn history(&self) -> &History {
        &self.history
    }
    /// The record of the run, giving up the rest.
    pub fn into_history(self) -> History {
        self.history
    }
    /// Completed epochs.
    pub fn epoch(&self) -> usize {
        self.epoch
    }
    /// The learning rate of the next step.
    pub fn lr(&self) -> f64 {
        self.optimizer.lr().unwrap_or(f64::NAN)
    }
}
