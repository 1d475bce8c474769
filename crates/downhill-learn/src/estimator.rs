//! What every estimator shares. An estimator is a params value implementing `Estimator` (its kind,
//! objective, network shape and `TrainConfig`); the blanket `Fit` impl is the recipe:
//!   validate → check data → task → split → [standardise targets] → build net (seeded) → session
//!   → train (the generic loop with the `Objective` as its criterion; it resumes a checkpoint first)
//! and returns `Fitted<E>`: the params, the trained `Model` and the session (optimizer state and
//! history), so `partial_fit` can continue where `fit` stopped.
use crate::progress::Hooks;
use crate::seeds::{self, Stream};
use crate::session::Session;
use crate::trainer::Trainer;
use crate::{
    check_targets, count_classes, Architecture, EpochRecord, EstimatorKind, Fit, Frozen, History, LearnError,
    Model, Objective, PartialFit, Predict, PredictProba, Score, Split, TargetScaling, Task, TrainConfig,
};
use downhill_tensor::Tensor;
use serde::Serialize;

/// An estimator's settings (a params value): what it is, what it minimises and its network's shape, with the
/// shared [`TrainConfig`]. The blanket [`Fit`] impl trains any of them; see the module docs.
pub trait Estimator: Clone + Serialize + std::fmt::Debug {
    /// Which estimator this is, as model files record it.
    const KIND: EstimatorKind;
    /// The shared training settings (optimizer, batch size, stopping rules, penalty, seed).
    fn train_config(&self) -> &TrainConfig;
    /// What the network minimises on the targets.
    fn objective(&self) -> Objective;
    /// The network for `features` inputs and `outputs` outputs (classes, or target columns).
    fn architecture(&self, features: usize, outputs: usize) -> Architecture;
    /// Whether targets are standardised for training (the regressors' option; see target_scale.rs).
    fn target_scaling(&self) -> TargetScaling {
        TargetScaling::None
    }
    /// Columns of `y` for data of `features` columns: one (a value or a class id), or one per
    /// feature for an autoencoder, whose targets are its inputs. A regressor has one output per column.
    fn target_width(&self, _features: usize) -> usize {
        1
    }
    /// Checks the estimator's own options (the `TrainConfig` is checked separately).
    fn check_params(&self) -> Result<(), LearnError> {
        Ok(())
    }
}

/// Estimators whose fitted models give class probabilities.
pub trait Classifier: Estimator {}

/// A trained estimator.
#[derive(Debug)]
pub struct Fitted<E> {
    /// The settings it was trained with.
    pub params: E,
    /// The trained network and what it needs to predict.
    pub model: Model,
    session: Session,
}

/// All settings checks: the shared ones and the estimator's own.
pub fn validate<E: Estimator>(e: &E) -> Result<(), LearnError> {
    e.train_config().validate()?;
    e.check_params()
}

/// The task `y` implies for `e`: regression, or classes 0..k (binary objectives allow k = 2).
pub fn task_of<E: Estimator>(e: &E, y: &Tensor) -> Result<Task, LearnError> {
    let objective = e.objective();
    if !objective.is_classifier() {
        return Ok(Task::Regression);
    }
    let classes = count_classes(y, None)?;
    if classes > 2 && objective != Objective::Multinomial {
        return Err(LearnError::TooManyClasses { estimator: E::KIND.name(), classes });
    }
    Ok(Task::Classification { classes })
}

/// FNV-1a over the shapes and bit patterns of `x` and `y`: resuming on other data is refused.
fn fingerprint(x: &Tensor, y: &Tensor) -> String {
    let dims = x.dims().iter().chain(y.dims()).map(|&d| d as u32);
    let h = fnv1a(dims.chain(x.data().iter().chain(y.data()).map(|v| v.to_bits())));
    format!("{}x{}:{h:016x}", x.rows(), x.cols())
}

/// FNV-1a over the little-endian bytes of `words`.
pub(crate) fn fnv1a(words: impl IntoIterator<Item = u32>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for word in words {
        for b in word.to_le_bytes() {
            h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// A fresh model and session for `e` trained with `config` on data of `features` columns and
/// `train_rows` rows.
pub(crate) fn start<E: Estimator>(
    e: &E,
    config: &TrainConfig,
    features: usize,
    task: Task,
    train_rows: usize,
) -> Result<(Model, Session), LearnError> {
    let objective = e.objective();
    let outputs = match task {
        Task::Classification { classes } => objective.outputs(classes),
        Task::Regression => e.target_width(features),
    };
    let architecture = e.architecture(features, outputs);
    let mut net = architecture.build_for(features, outputs, seeds::derive(config.seed, Stream::Init, 0))?;
    if let Some(path) = &config.init_from {
        crate::initial_weights::load_weights(&mut net, path)?;
    }
    let trainable = Frozen::new(&mut net, &config.freeze)?;
    let session = Session::new(config, &trainable, train_rows, objective.metric_name())?;
    Ok((Model::new(E::KIND, objective, task, architecture, net), session))
}

/// What training `e` with `config` on `x`, `y` starts from: the checked data split into training
/// and validation rows (targets standardised if `e` asks), a fresh model and a session whose
/// epochs are those of one of `ranks` data-parallel ranks (1 for one process).
pub(crate) fn setup<E: Estimator>(
    e: &E,
    config: &TrainConfig,
    x: &Tensor,
    y: &Tensor,
    ranks: usize,
) -> Result<(Split, Model, Session), LearnError> {
    config.validate()?;
    e.check_params()?;
    let width = e.target_width(x.dims().last().copied().unwrap_or(0));
    let features = check_targets(x, y, width, "fit")?;
    let task = task_of(e, y)?;
    crate::token_ids::check_token_ids(&e.architecture(features, 1), x, "the training features")?;
    let split = Split::new(x, y, config.validation_fraction, task, config.holdout_seed())?;
    let target_scale = e.target_scaling().fit(&split.y_train);
    let split = match target_scale {
        Some(s) => s.scale_split(split),
        None => split,
    };
    let (model, session) = start(e, config, features, task, split.train_rows().div_ceil(ranks))?;
    Ok((split, model.with_target_scale(target_scale), session))
}

impl<E: Estimator> Fit for E {
    type Fitted = Fitted<E>;
    fn fit_with(&self, x: &Tensor, y: &Tensor, mut hooks: Hooks<'_>) -> Result<Fitted<E>, LearnError> {
        let config = self.train_config();
        let (split, mut model, mut session) = setup(self, config, x, y, hooks.ranks())?;
        // Only checkpoints read the identity; hashing the data costs as much as an epoch of
        // mini-batch SGD on 1M x 100, so it is skipped when no checkpoint is written or resumed.
        let identity = match hooks.resume.is_some() || hooks.checkpoint.is_some() {
            true => serde_json::json!({ "estimator": E::KIND, "params": self, "data": fingerprint(x, y) })
                .to_string(),
            false => String::new(),
        };
        let trainer = Trainer { config, criterion: self.objective(), identity, in_order: false };
        trainer.run(&mut Frozen::new(model.net_mut(), &config.freeze)?, &split, &mut session, &mut hooks)?;
        Ok(Fitted { params: self.clone(), model, session })
    }
}

impl<E: Estimator> Fitted<E> {
    /// An untrained model for streaming with `partial_fit` (`task` fixes the classes up front).
    /// Without a data set to count batches in, an epoch schedule advances once per `partial_fit` batch,
    /// and without training targets to measure there is no target scaling: targets are used as given.
    pub fn initialize(params: E, features: usize, task: Task) -> Result<Fitted<E>, LearnError> {
        validate(&params)?;
        let (model, session) = start(&params, params.train_config(), features, task, 1)?;
        Ok(Fitted { params, model, session })
    }

    /// What training did: one record per epoch, warnings, and why it stopped.
    pub fn history(&self) -> &History {
        self.session.history()
    }

    /// The learning rate the next step would use.
    pub fn lr(&self) -> f64 {
        self.session.lr()
    }

    /// The trained model alone (for saving, or predicting without the training state).
    pub fn into_model(self) -> Model {
        self.model
    }

    /// Metadata for a model file: the settings as `training`, and as `metrics` the last epoch's
    /// figures, the stop reason and the number of epochs. Add feature and class names before saving.
    pub fn info(&self) -> crate::ModelInfo {
        let h = self.history();
        let metrics = serde_json::json!({
            "epochs": h.epochs.len(),
            "stop_reason": h.stop.as_ref().map(|s| s.to_string()),
            "restored_epoch": h.restored_epoch,
            "last": h.last(),
            "metric": h.metric,
        });
        let training = serde_json::json!({ "estimator": E::KIND, "params": self.params });
        crate::ModelInfo { training, metrics, ..Default::default() }
    }
}

impl<E: Estimator> PartialFit for Fitted<E> {
    fn partial_fit(&mut self, x: &Tensor, y: &Tensor) -> Result<EpochRecord, LearnError> {
        if !self.params.train_config().solver.is_first_order() {
            let rule = "a first-order optimizer (solver FirstOrder): L-BFGS takes every row at once";
            return Err(LearnError::invalid("solver", rule, "L-BFGS with partial_fit"));
        }
        let found = check_targets(x, y, self.model.target_width(), "partial_fit")?;
        if found != self.model.features() {
            return Err(LearnError::FeatureMismatch { expected: self.model.features(), found });
        }
        if let Task::Classification { classes } = self.model.task {
            count_classes(y, Some(classes))?;
        }
        let split = match self.model.target_scale {
            Some(s) => Split::train_only(x, &s.scale(y)), // the fitted μ, σ, not this batch's
            None => Split::train_only(x, y),
        };
        let config = self.params.train_config();
        let trainer =
            Trainer { config, criterion: self.model.objective, identity: String::new(), in_order: false };
        let freeze = &self.params.train_config().freeze;
        trainer.run_one_epoch(&mut Frozen::new(self.model.net_mut(), freeze)?, &split, &mut self.session)
    }
}

impl<E: Estimator> Predict for Fitted<E> {
    fn predict(&self, x: &Tensor) -> Result<Tensor, LearnError> {
        self.model.predict(x)
    }
}

impl<E: Classifier> PredictProba for Fitted<E> {
    fn predict_proba(&self, x: &Tensor) -> Result<Tensor, LearnError> {
        self.model.predict_proba(x)
    }
}

impl<E: Estimator> Score for Fitted<E> {
    fn score(&self, x: &Tensor, y: &Tensor) -> Result<f64, LearnError> {
        self.model.score(x, y)
    }
}

impl Predict for Model {
    fn predict(&self, x: &Tensor) -> Result<Tensor, LearnError> {
        Model::predict(self, x)
    }
}

impl Score for Model {
    fn score(&self, x: &Tensor, y: &Tensor) -> Result<f64, LearnError> {
        Model::score(self, x, y)
    }
}
