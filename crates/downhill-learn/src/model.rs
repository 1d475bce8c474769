//! A trained network with the meaning of its outputs: what every fitted estimator holds and what
//! a model file stores. Prediction runs in evaluation mode (batch-norm running statistics, no
//! dropout) in chunks of rows (`forward_eval.rs`), so memory stays bounded on large inputs. A regressor trained
//! on standardised targets keeps their `TargetScale`, and its outputs are mapped back to y's units
//! (ŷ = μ + σ · ẑ) before anything else sees them.
use crate::forward_eval::forward_eval;
use crate::metrics::{ClassificationReport, RegressionReport, Report};
use crate::{check_targets, check_x, Architecture, LayerStack, LearnError, Objective, TargetScale, Task};
use downhill_nn::{Module, Sequential};
use downhill_tensor::Tensor;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;

/// Which estimator produced a model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EstimatorKind {
    /// `LinearRegression`: one linear layer on a squared (or Huber) loss.
    LinearRegression,
    /// `LogisticRegression`: binary, one logit.
    LogisticRegression,
    /// `SoftmaxRegression`: multinomial logistic regression.
    SoftmaxRegression,
    /// `LinearSvm`: a linear model on the hinge loss.
    LinearSvm,
    /// `MlpClassifier`: an MLP with softmax outputs.
    MlpClassifier,
    /// `MlpRegressor`: an MLP on a squared (or Huber) loss.
    MlpRegressor,
    /// A variational autoencoder (`Vae`).
    Vae,
    /// A GAN's generator (`Gan`): input a code, output a row.
    Generator,
    /// A network trained to reconstruct its inputs (`Autoencoder`).
    Autoencoder,
    /// A character-level language model trained on a text file (`text::fit_language_model`).
    CharLanguageModel,
    /// A policy trained by policy gradients on an environment (`rl::train_policy`): one logit per
    /// action.
    Policy,
}

impl EstimatorKind {
    /// The name model files and the CLI use (`mlp_classifier`).
    pub fn name(self) -> &'static str {
        match self {
            EstimatorKind::LinearRegression => "linear_regression",
            EstimatorKind::LogisticRegression => "logistic_regression",
            EstimatorKind::SoftmaxRegression => "softmax_regression",
            EstimatorKind::LinearSvm => "linear_svm",
            EstimatorKind::MlpClassifier => "mlp_classifier",
            EstimatorKind::MlpRegressor => "mlp_regressor",
            EstimatorKind::Autoencoder => "autoencoder",
            EstimatorKind::Vae => "vae",
            EstimatorKind::Generator => "generator",
            EstimatorKind::CharLanguageModel => "char_language_model",
            EstimatorKind::Policy => "policy",
        }
    }
}

/// A network plus what its outputs mean. The network sits in a `RefCell` because a forward pass
/// takes `&mut` (batch norm updates statistics in training); prediction borrows it briefly.
#[derive(Debug)]
pub struct Model {
    /// Which estimator trained it.
    pub estimator: EstimatorKind,
    /// The loss it was trained on, which says what its outputs mean (values, logits, class scores).
    pub objective: Objective,
    /// Regression, or classification with its number of classes.
    pub task: Task,
    /// The network's shape, enough to rebuild it before loading its weights.
    pub architecture: Architecture,
    /// μ, σ of the training targets when the network was trained on (y − μ) / σ.
    pub target_scale: Option<TargetScale>,
    net: RefCell<Sequential>,
}

impl Model {
    /// A model around a built network, with no target scaling.
    pub fn new(
        estimator: EstimatorKind,
        objective: Objective,
        task: Task,
        architecture: Architecture,
        net: Sequential,
    ) -> Model {
        Model { estimator, objective, task, architecture, target_scale: None, net: RefCell::new(net) }
    }

    /// The model with outputs mapped back through `scale` (`None`: outputs are y's units already).
    pub fn with_target_scale(self, scale: Option<TargetScale>) -> Model {
        Model { target_scale: scale, ..self }
    }

    /// Input features the model reads (values per sample).
    pub fn features(&self) -> usize {
        self.architecture.inputs()
    }

    /// Mutable access to the network (training, loading weights).
    pub fn net_mut(&mut self) -> &mut Sequential {
        self.net.get_mut()
    }

    /// Runs `f` on the network, mutably (a forward pass of one's own).
    pub(crate) fn with_net_mut<R>(&self, f: impl FnOnce(&mut Sequential) -> R) -> R {
        f(&mut self.net.borrow_mut())
    }

    /// Runs `f` on the network.
    pub fn with_net<R>(&self, f: impl FnOnce(&Sequential) -> R) -> R {
        f(&self.net.borrow())
    }

    /// Outputs (values in y's units, logits or margins), [n, outputs].
    pub fn decision_function(&self, x: &Tensor) -> Result<Tensor, LearnError> {
        let found = check_x(x, "predict")?;
        if found != self.features() {
            return Err(LearnError::FeatureMismatch { expected: self.features(), found });
        }
        crate::token_ids::check_token_ids(&self.architecture, x, "the features")?;
        let out = forward_eval(&mut *self.net.borrow_mut(), x);
        Ok(match &self.target_scale {
            Some(s) => s.unscale(&out),
            None => out,
        })
    }

    /// Predicted values, or class ids as f32; [n, 1].
    pub fn predict(&self, x: &Tensor) -> Result<Tensor, LearnError> {
        Ok(self.objective.predict(&self.decision_function(x)?))
    }

    /// Class probabilities [n, classes]; an error for models that do not give them.
    pub fn predict_proba(&self, x: &Tensor) -> Result<Tensor, LearnError> {
        let out = self.decision_function(x)?;
        self.objective.proba(&out).ok_or(LearnError::NoProbabilities { estimator: self.estimator.name() })
    }

    /// Columns of the targets: one (a value or a class id), or a regressor's outputs (an
    /// autoencoder's are its inputs).
    pub fn target_width(&self) -> usize {
        match self.task {
            Task::Classification { .. } => 1,
            Task::Regression => self.architecture.outputs(),
        }
    }

    /// Accuracy (classifiers) or R² (regressors; averaged over the outputs) on `x`, `y`.
    pub fn score(&self, x: &Tensor, y: &Tensor) -> Result<f64, LearnError> {
        check_targets(x, y, self.target_width(), "score")?;
        Ok(self.objective.metric(&self.decision_function(x)?, y))
    }

    /// Every metric for the task on `x`, `y`.
    pub fn evaluate(&self, x: &Tensor, y: &Tensor) -> Result<Report, LearnError> {
        check_targets(x, y, self.target_width(), "evaluate")?;
        let out = self.decision_function(x)?;
        let pred = self.objective.predict(&out);
        Ok(match self.task {
            Task::Classification { classes } => {
                crate::count_classes(y, Some(classes))?;
                Report::Classification(ClassificationReport::new(
                    y,
                    &pred,
                    self.objective.proba(&out).as_ref(),
                    classes,
                ))
            }
            Task::Regression => Report::Regression(RegressionReport {
                neg_elbo: self.neg_elbo(x),
                ..RegressionReport::new(y, &pred)
            }),
        })
    }

    /// A multi-line description for `inspect`: estimator, task, layers and parameter count.
    pub fn summary(&self) -> String {
        let net = self.net.borrow();
        let count: usize = net.params().iter().map(|p| p.value.numel()).sum();
        let task = match self.task {
            Task::Regression => "regression".to_string(),
            Task::Classification { classes } => format!("classification, {classes} classes"),
        };
        let scale = match &self.target_scale {
            Some(s) => format!("\ntrained on standardised targets (mean {:.6}, std {:.6})", s.mean, s.std),
            None => String::new(),
        };
        let layers = match &self.architecture {
            Architecture::Layers(stack) => layer_table(stack, &net),
            Architecture::Mlp(_) => net.describe(),
        };
        format!("{} ({task})\n{layers}\n{count} parameters{scale}", self.estimator.name())
    }

    /// Parameters and buffers by name (`layers.0.weight`, ...).
    pub fn state_dict(&self) -> std::collections::BTreeMap<String, Tensor> {
        downhill_nn::state_dict(&*self.net.borrow())
    }
}

/// One line per layer with its output shape and parameter count (torchinfo's summary).
fn layer_table(stack: &LayerStack, net: &Sequential) -> String {
    let shapes = downhill_nn::spec::output_shapes(&stack.layers, &stack.input_shape).unwrap_or_default();
    let shape = |s: &[usize]| downhill_tensor::Shape::from(s).to_string();
    let texts: Vec<String> = stack.layers.iter().map(|l| l.to_text()).collect();
    // The layer column fits the longest layer text (a transformer block's runs past 80 characters).
    let w = texts.iter().map(|t| t.chars().count() + 2).max().unwrap_or(0).max(40);
    let mut lines = vec![format!("{:<11}{:<w$}{:<16}{:>10}", "name", "layer", "output shape", "params")];
    lines.push(format!("{:<11}{:<w$}{}", "", "input", shape(&stack.input_shape)));
    for (i, (text, module)) in texts.iter().zip(net.layers()).enumerate() {
        let params: usize = module.params().iter().map(|p| p.value.numel()).sum();
        let out = shapes.get(i).map_or("?".into(), |s| shape(s));
        let name = format!("layers.{i}");
        lines.push(format!("{name:<11}{text:<w$}{out:<16}{params:>10}"));
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_nn::Linear;
    use downhill_testing::assert_close;

    fn model() -> Model {
        let w = Tensor::from_rows(&[[1.0, -1.0]]).unwrap();
        let net = Sequential::new().with(Linear::from_values(w, Some(Tensor::vector(vec![0.5]))).unwrap());
        let task = Task::Classification { classes: 2 };
        Model::new(
            EstimatorKind::LogisticRegression,
            Objective::Logistic,
            task,
            Architecture::linear(2, 1),
            net,
        )
    }

    #[test]
    fn predicts_through_the_objective_and_checks_the_width() {
        let m = model();
        let x = Tensor::from_rows(&[[2.0, 0.0], [0.0, 2.0]]).unwrap();
        assert_eq!(m.predict(&x).unwrap().data(), &[1.0, 0.0]); // exact: class ids, not computed values
        assert_eq!(m.predict_proba(&x).unwrap().dims(), &[2, 2]);
        // Accuracy 1 of 2: one f64 division, 1e-12.
        assert_close("accuracy", &[m.score(&x, &Tensor::vector(vec![1.0, 1.0])).unwrap()], &[0.5], 1e-12);
        let summary = m.summary();
        assert!(
            summary.contains("logistic_regression (classification, 2 classes)")
                && summary.contains("3 parameters"),
            "{summary}"
        );
        let err = m.predict(&Tensor::zeros([1, 3])).unwrap_err();
        assert!(matches!(err, LearnError::FeatureMismatch { expected: 2, found: 3 }));
    }

    #[test]
    fn a_standardised_regressor_maps_outputs_back_to_the_targets_units() {
        // Network z = x0 − x1 + 0.5; with μ = 100, σ = 20: ŷ = 100 + 20 z.
        let w = Tensor::from_rows(&[[1.0, -1.0]]).unwrap();
        let net = Sequential::new().with(Linear::from_values(w, Some(Tensor::vector(vec![0.5]))).unwrap());
        let arch = Architecture::linear(2, 1);
        let m = Model::new(EstimatorKind::LinearRegression, Objective::Squared, Task::Regression, arch, net)
            .with_target_scale(Some(TargetScale { mean: 100.0, std: 20.0 }));
        let x = Tensor::from_rows(&[[2.0, 0.0], [0.0, 2.0]]).unwrap(); // z = 2.5, −1.5
        let pred = m.predict(&x).unwrap();
        assert!((pred.data()[0] - 150.0).abs() < 1e-4 && (pred.data()[1] - 70.0).abs() < 1e-4, "{pred:?}");
        assert!((m.score(&x, &Tensor::vector(vec![150.0, 70.0])).unwrap() - 1.0).abs() < 1e-9);
        assert!(m.summary().contains("standardised targets (mean 100.000000, std 20.000000)"));
    }

    #[test]
    fn large_inputs_are_predicted_in_chunks_with_the_same_result() {
        let m = model();
        let n = crate::forward_eval::MAX_CHUNK * 2 + 7;
        let x = Tensor::from_vec((0..2 * n).map(|i| (i % 13) as f32 - 6.0).collect(), [n, 2]).unwrap();
        let out = m.decision_function(&x).unwrap();
        assert_eq!(out.dims(), &[n, 1]);
        let last = n - 1;
        // Exact: the inputs are integers in −6..6, so x0 − x1 + 0.5 has no rounding in any order.
        assert_eq!(out.at(&[last, 0]), x.at(&[last, 0]) - x.at(&[last, 1]) + 0.5);
    }
}
