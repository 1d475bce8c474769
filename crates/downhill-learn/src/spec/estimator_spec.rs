//! One serde-tagged value for "which estimator, with which params": what a command line or config
//! file builds, what `fit` runs, and what a model file records under `training`. Its serde form is
//! adjacently tagged, `{"estimator": "mlp_classifier", "params": {...}}`, exactly the `training`
//! value `Fitted::info` has always written, so older model files read back as a spec.
//!   default_for(family, task) = family.check_task(task), then that estimator's `Default`
//!   fit_with(x, y, hooks)     = the estimator's `Fit::fit_with`, kept as (model, history, training)
use super::ModelFamily;
use crate::{
    Autoencoder, EstimatorKind, Fit, Gan, History, Hooks, LearnError, LinearRegression, LinearSvm,
    LogisticRegression, MlpClassifier, MlpRegressor, MlpShape, Model, RegressionLoss, SoftmaxRegression,
    Solver, TargetScaling, Task, TrainConfig, Vae,
};
use downhill_tensor::Tensor;
use serde::{Deserialize, Serialize};

/// An estimator and its params.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "estimator", content = "params", rename_all = "snake_case")]
pub enum EstimatorSpec {
    /// [`LinearRegression`] and its params.
    LinearRegression(LinearRegression),
    /// [`LogisticRegression`] and its params.
    LogisticRegression(LogisticRegression),
    /// [`SoftmaxRegression`] and its params.
    SoftmaxRegression(SoftmaxRegression),
    /// [`LinearSvm`] and its params.
    LinearSvm(LinearSvm),
    /// [`MlpClassifier`] and its params.
    MlpClassifier(MlpClassifier),
    /// [`MlpRegressor`] and its params.
    MlpRegressor(MlpRegressor),
    /// [`Autoencoder`] and its params.
    Autoencoder(Autoencoder),
    /// [`Vae`] and its params.
    Vae(Vae),
    /// [`Gan`] and its params.
    Gan(Gan),
}

/// A finished `EstimatorSpec::fit_with`.
#[derive(Debug)]
pub struct Trained {
    /// The trained model.
    pub model: Model,
    /// What training did.
    pub history: History,
    /// The spec as `Fitted::info` records it in a model file.
    pub training: serde_json::Value,
}

/// `$body` with `$e` bound to the estimator inside `$spec`, whichever it is; with a second arm,
/// `$vae` for the generative models (not `Estimator`s: a VAE's loss reads its code, a GAN trains
/// two networks), each with `fit_with(x, hooks) -> (Model, History)` and its `train` settings.
macro_rules! each {
    ($spec:expr, $e:ident => $body:expr) => {
        each!($spec, $e => $body, $e => $body)
    };
    ($spec:expr, $e:ident => $body:expr, $v:ident => $vae:expr) => {
        match $spec {
            EstimatorSpec::LinearRegression($e) => $body,
            EstimatorSpec::LogisticRegression($e) => $body,
            EstimatorSpec::SoftmaxRegression($e) => $body,
            EstimatorSpec::LinearSvm($e) => $body,
            EstimatorSpec::MlpClassifier($e) => $body,
            EstimatorSpec::MlpRegressor($e) => $body,
            EstimatorSpec::Autoencoder($e) => $body,
            EstimatorSpec::Vae($v) => $vae,
            EstimatorSpec::Gan($v) => $vae,
        }
    };
}

impl EstimatorSpec {
    /// `family`'s estimator for `task` with its default params; an error if it does not fit the task.
    pub fn default_for(family: ModelFamily, task: Task) -> Result<EstimatorSpec, LearnError> {
        family.check_task(task)?;
        Ok(match (family, task) {
            (ModelFamily::Linear, _) => EstimatorSpec::LinearRegression(LinearRegression::default()),
            (ModelFamily::Logistic, _) => EstimatorSpec::LogisticRegression(LogisticRegression::default()),
            (ModelFamily::Softmax, _) => EstimatorSpec::SoftmaxRegression(SoftmaxRegression::default()),
            (ModelFamily::Svm, _) => EstimatorSpec::LinearSvm(LinearSvm::default()),
            (ModelFamily::Mlp, Task::Classification { .. }) => {
                EstimatorSpec::MlpClassifier(MlpClassifier::default())
            }
            (ModelFamily::Mlp, Task::Regression) => EstimatorSpec::MlpRegressor(MlpRegressor::default()),
            (ModelFamily::Autoencoder, _) => EstimatorSpec::Autoencoder(Autoencoder::default()),
            (ModelFamily::Vae, _) => EstimatorSpec::Vae(Vae::default()),
            (ModelFamily::Gan, _) => EstimatorSpec::Gan(Gan::default()),
        })
    }

    /// How each family descends by default, in words for help texts, families alike grouped in
    /// listing order: `adam lr 0.1 for linear; lbfgs for logistic and softmax; ...`. Each
    /// family on the first task it fits (a classifier on two classes).
    pub fn default_descents() -> String {
        let mut groups: Vec<(String, Vec<&str>)> = Vec::new();
        for family in ModelFamily::ALL {
            let tasks =
                [Task::Classification { classes: 2 }, Task::Classification { classes: 3 }, Task::Regression];
            let Some(spec) = tasks.into_iter().find_map(|t| EstimatorSpec::default_for(family, t).ok())
            else {
                continue;
            };
            let train = spec.train_config();
            let descent = match &train.solver {
                Solver::Lbfgs(_) => "lbfgs".to_string(),
                Solver::FirstOrder => {
                    let o = &train.optimizer.optimizer;
                    format!("{} lr {}", o.name(), o.lr())
                }
            };
            match groups.iter_mut().find(|(d, _)| *d == descent) {
                Some((_, names)) => names.push(family.name()),
                None => groups.push((descent, vec![family.name()])),
            }
        }
        let parts: Vec<String> = groups
            .iter()
            .map(|(d, names)| format!("{d} for {}", super::options::listed(names, " and ")))
            .collect();
        parts.join("; ")
    }

    /// Which estimator this is, as the model records it (a GAN's model is its generator).
    pub fn kind(&self) -> EstimatorKind {
        match self {
            EstimatorSpec::LinearRegression(_) => EstimatorKind::LinearRegression,
            EstimatorSpec::LogisticRegression(_) => EstimatorKind::LogisticRegression,
            EstimatorSpec::SoftmaxRegression(_) => EstimatorKind::SoftmaxRegression,
            EstimatorSpec::LinearSvm(_) => EstimatorKind::LinearSvm,
            EstimatorSpec::MlpClassifier(_) => EstimatorKind::MlpClassifier,
            EstimatorSpec::MlpRegressor(_) => EstimatorKind::MlpRegressor,
            EstimatorSpec::Autoencoder(_) => EstimatorKind::Autoencoder,
            EstimatorSpec::Vae(_) => EstimatorKind::Vae,
            EstimatorSpec::Gan(_) => EstimatorKind::Generator,
        }
    }

    /// The family it belongs to (both MLPs are `mlp`).
    pub fn family(&self) -> ModelFamily {
        match self {
            EstimatorSpec::LinearRegression(_) => ModelFamily::Linear,
            EstimatorSpec::LogisticRegression(_) => ModelFamily::Logistic,
            EstimatorSpec::SoftmaxRegression(_) => ModelFamily::Softmax,
            EstimatorSpec::LinearSvm(_) => ModelFamily::Svm,
            EstimatorSpec::MlpClassifier(_) | EstimatorSpec::MlpRegressor(_) => ModelFamily::Mlp,
            EstimatorSpec::Autoencoder(_) => ModelFamily::Autoencoder,
            EstimatorSpec::Vae(_) => ModelFamily::Vae,
            EstimatorSpec::Gan(_) => ModelFamily::Gan,
        }
    }

    /// The shared training settings.
    pub fn train_config(&self) -> &TrainConfig {
        each!(self, e => &e.train)
    }

    /// The shared training settings, to change (`--epochs` and the like on top of a config file).
    pub fn train_config_mut(&mut self) -> &mut TrainConfig {
        each!(self, e => &mut e.train)
    }

    /// The MLP's hidden part; `None` for the linear estimators.
    pub fn shape_mut(&mut self) -> Option<&mut MlpShape> {
        match self {
            EstimatorSpec::MlpClassifier(e) => Some(&mut e.shape),
            EstimatorSpec::MlpRegressor(e) => Some(&mut e.shape),
            EstimatorSpec::Autoencoder(e) => Some(&mut e.shape),
            _ => None,
        }
    }

    /// The regression loss; `None` for estimators whose loss is fixed.
    pub fn loss_mut(&mut self) -> Option<&mut RegressionLoss> {
        match self {
            EstimatorSpec::LinearRegression(e) => Some(&mut e.loss),
            _ => None,
        }
    }

    /// Target standardisation; `None` for classifiers.
    pub fn target_scaling_mut(&mut self) -> Option<&mut TargetScaling> {
        match self {
            EstimatorSpec::LinearRegression(e) => Some(&mut e.target_scaling),
            EstimatorSpec::MlpRegressor(e) => Some(&mut e.target_scaling),
            _ => None,
        }
    }

    /// The learning-rate range test on `x`, `y` (see lr_find.rs).
    pub fn lr_find(
        &self,
        x: &Tensor,
        y: &Tensor,
        test: &crate::LrRangeTest,
    ) -> Result<crate::LrCurve, LearnError> {
        each!(self, e => crate::lr_find(e, x, y, test), _v => Err(LearnError::invalid(
            "model",
            "an estimator with one loss per batch of outputs (lr-find does not run a VAE or a GAN)",
            "a generative model",
        )))
    }

    /// Trains on a streamed file's training rows (stream_fit.rs), drawn through a shuffle buffer
    /// of `shuffle_rows` rows; the generative models do not stream.
    pub fn fit_stream(
        &self,
        fit: &downhill_data::StreamFit,
        shuffle_rows: usize,
        hooks: Hooks<'_>,
    ) -> Result<Trained, LearnError> {
        let training = serde_json::to_value(self).unwrap_or_default();
        let (model, history) = each!(self, e => crate::stream_fit::fit_stream(e, fit, shuffle_rows, hooks),
            _v => Err(LearnError::invalid("model", "a model trained on rows and targets", "a generative model")))?;
        Ok(Trained { model, history, training })
    }

    /// Trains on `x`, `y` (see `Fit::fit_with`; a VAE's targets are `x` itself, `y` unused).
    pub fn fit_with(&self, x: &Tensor, y: &Tensor, hooks: Hooks<'_>) -> Result<Trained, LearnError> {
        each!(self, e => {
            let fitted = e.fit_with(x, y, hooks)?;
            let (history, training) = (fitted.history().clone(), fitted.info().training);
            Ok(Trained { model: fitted.into_model(), history, training })
        }, v => {
            let (model, history) = v.fit_with(x, &mut { hooks })?;
            let training = serde_json::to_value(self).unwrap_or_default();
            Ok(Trained { model, history, training })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_descents_name_every_family_once_with_its_default() {
        let text = EstimatorSpec::default_descents();
        for family in ModelFamily::ALL {
            assert_eq!(text.matches(&format!(" {}", family.name())).count(), 1, "{}: {text}", family.name());
        }
        assert!(text.contains("lbfgs for logistic and softmax"), "{text}");
        let linear = EstimatorSpec::default_for(ModelFamily::Linear, Task::Regression).unwrap();
        let lr = linear.train_config().optimizer.optimizer.lr();
        assert!(text.contains(&format!("adam lr {lr} for linear")), "{text}");
        println!("{text}");
    }
    use crate::{BatchSize, StoppingRules};

    #[test]
    fn the_serde_form_is_the_model_files_training_value() {
        let x = Tensor::from_rows(&[[0.0], [1.0], [2.0], [3.0]]).unwrap();
        let y = Tensor::from_rows(&[[0.0], [0.0], [1.0], [1.0]]).unwrap();
        let mut spec =
            EstimatorSpec::default_for(ModelFamily::Logistic, Task::Classification { classes: 2 }).unwrap();
        spec.train_config_mut().stopping = StoppingRules::epochs(2);
        spec.train_config_mut().batch_size = BatchSize::Full;
        let trained = spec.fit_with(&x, &y, Hooks::default()).unwrap();
        assert_eq!(serde_json::to_value(&spec).unwrap(), trained.training);
        let back: EstimatorSpec = serde_json::from_value(trained.training).unwrap();
        assert_eq!(back, spec);
        assert_eq!((back.kind(), back.family()), (EstimatorKind::LogisticRegression, ModelFamily::Logistic));
    }

    #[test]
    fn defaults_are_the_estimators_and_misfits_are_refused() {
        let iris = Task::Classification { classes: 3 };
        let mlp = EstimatorSpec::default_for(ModelFamily::Mlp, Task::Regression).unwrap();
        assert_eq!(mlp, EstimatorSpec::MlpRegressor(MlpRegressor::default()));
        assert_eq!(
            EstimatorSpec::default_for(ModelFamily::Mlp, iris).unwrap().train_config(),
            &MlpClassifier::default().train
        );
        let e = EstimatorSpec::default_for(ModelFamily::Svm, iris).unwrap_err();
        assert!(matches!(e, LearnError::ModelDoesNotFit { model: "svm", .. }), "{e}");
        assert!(EstimatorSpec::default_for(ModelFamily::Softmax, iris).unwrap().shape_mut().is_none());
    }
}
