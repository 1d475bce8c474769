//! The estimator families a user picks by name (`--model`, a config file's `model`), which task each
//! fits, and the default for a task. `mlp` is a classifier or a regressor as the task says.
//! `autoencoder`, `vae` and `gan` have no target (they model their inputs), so they are only ever named.
//!   default: hidden layers asked for → mlp; regression → linear; 2 classes → logistic; more → softmax
//!   fits:    linear: regression;  logistic, svm: 2 classes;  softmax: classes;  mlp: either;
//!            autoencoder: no target column (its task is the regression of the inputs on themselves)
use crate::{LearnError, Task};
use std::str::FromStr;

/// An estimator family, as named on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ModelFamily {
    /// Linear regression.
    Linear,
    /// Logistic regression (2 classes).
    Logistic,
    /// Softmax regression (any number of classes).
    Softmax,
    /// A linear SVM on the hinge loss (2 classes).
    Svm,
    /// A multi-layer perceptron: a classifier or a regressor as the task says.
    Mlp,
    /// An autoencoder: reconstructs its inputs (no target).
    Autoencoder,
    /// A variational autoencoder (no target).
    Vae,
    /// A generative adversarial network (no target).
    Gan,
}

/// Why a family does not fit a task.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Misfit {
    /// A classifier given a regression target.
    NeedsClassification,
    /// A regressor given class labels.
    NeedsRegression,
    /// A binary classifier given more than two classes.
    Binary,
    /// A model without a target (the autoencoder) given one.
    Targetless,
}

impl ModelFamily {
    /// Every family, in listing order.
    pub const ALL: [ModelFamily; 8] = [
        ModelFamily::Linear,
        ModelFamily::Logistic,
        ModelFamily::Softmax,
        ModelFamily::Svm,
        ModelFamily::Mlp,
        ModelFamily::Autoencoder,
        ModelFamily::Vae,
        ModelFamily::Gan,
    ];

    /// The name as the command line spells it (`linear`, `mlp`).
    pub fn name(self) -> &'static str {
        match self {
            ModelFamily::Linear => "linear",
            ModelFamily::Logistic => "logistic",
            ModelFamily::Softmax => "softmax",
            ModelFamily::Svm => "svm",
            ModelFamily::Mlp => "mlp",
            ModelFamily::Autoencoder => "autoencoder",
            ModelFamily::Vae => "vae",
            ModelFamily::Gan => "gan",
        }
    }

    /// One line of help.
    pub fn help(self) -> &'static str {
        match self {
            ModelFamily::Linear => "Linear regression (squared or Huber loss)",
            ModelFamily::Logistic => "Binary logistic regression",
            ModelFamily::Softmax => "Multinomial logistic regression",
            ModelFamily::Svm => "Linear support-vector machine (hinge loss, binary)",
            ModelFamily::Mlp => "Multi-layer perceptron (classifier or regressor, from the task)",
            ModelFamily::Autoencoder => "Network reconstructing its inputs (no target; for anomaly scores)",
            ModelFamily::Vae => "Variational autoencoder (no target; Bernoulli decoder, --latent units)",
            ModelFamily::Gan => "Generative adversarial network (no target; --generator, --discriminator)",
        }
    }

    /// `default_for` in words, for help texts.
    pub const DEFAULT_RULE: &'static str =
        "mlp when hidden sizes or layers are given, else logistic (2 classes), softmax (more) or linear (regression)";

    /// The family used when none is named (see the module header).
    pub fn default_for(task: Task, hidden_layers: bool) -> ModelFamily {
        match (hidden_layers, task) {
            (true, _) => ModelFamily::Mlp,
            (false, Task::Regression) => ModelFamily::Linear,
            (false, Task::Classification { classes: 2 }) => ModelFamily::Logistic,
            (false, Task::Classification { .. }) => ModelFamily::Softmax,
        }
    }

    /// Why `self` does not fit `task`, if it does not.
    pub fn misfit(self, task: Task) -> Option<Misfit> {
        match (self, task) {
            (ModelFamily::Mlp, _) => None,
            (f, Task::Regression) if f.reconstructs() => None,
            (f, _) if f.reconstructs() => Some(Misfit::Targetless),
            (ModelFamily::Linear, Task::Classification { .. }) => Some(Misfit::NeedsRegression),
            (ModelFamily::Linear, Task::Regression) => None,
            (_, Task::Regression) => Some(Misfit::NeedsClassification),
            (ModelFamily::Logistic | ModelFamily::Svm, Task::Classification { classes }) if classes > 2 => {
                Some(Misfit::Binary)
            }
            _ => None,
        }
    }

    /// The families that fit `task`'s target, in `ALL` order (not the autoencoders, which have none).
    pub fn fitting(task: Task) -> Vec<ModelFamily> {
        let targeted = ModelFamily::ALL.into_iter().filter(|f| !f.reconstructs());
        targeted.filter(|f| f.misfit(task).is_none()).collect()
    }

    /// True for the families without a target, which model their inputs.
    pub fn reconstructs(self) -> bool {
        matches!(self, ModelFamily::Autoencoder | ModelFamily::Vae | ModelFamily::Gan)
    }

    /// True for the families whose shape is a layer stack or MLP (`hidden`, `layers`, ...).
    pub fn is_layered(self) -> bool {
        matches!(self, ModelFamily::Mlp | ModelFamily::Autoencoder)
    }

    /// `Ok` when `self` fits `task`; else `LearnError::ModelDoesNotFit`.
    pub fn check_task(self, task: Task) -> Result<(), LearnError> {
        match self.misfit(task) {
            None => Ok(()),
            Some(misfit) => Err(LearnError::ModelDoesNotFit { model: self.name(), task, misfit }),
        }
    }
}

impl FromStr for ModelFamily {
    type Err = LearnError;
    fn from_str(s: &str) -> Result<ModelFamily, LearnError> {
        let names = "linear, logistic, softmax, svm, mlp, autoencoder, vae, gan";
        ModelFamily::ALL.into_iter().find(|f| f.name() == s).ok_or(LearnError::InvalidParam {
            name: "model",
            rule: "one of linear, logistic, softmax, svm, mlp, autoencoder, vae, gan",
            value: format!("{s} (accepted: {names})"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const IRIS: Task = Task::Classification { classes: 3 };

    #[test]
    fn defaults_follow_the_task() {
        assert_eq!(ModelFamily::default_for(IRIS, false), ModelFamily::Softmax);
        let binary = Task::Classification { classes: 2 };
        assert_eq!(ModelFamily::default_for(binary, false), ModelFamily::Logistic);
        assert_eq!(ModelFamily::default_for(Task::Regression, false), ModelFamily::Linear);
        assert_eq!(ModelFamily::default_for(IRIS, true), ModelFamily::Mlp);
        for task in [IRIS, binary, Task::Regression] {
            assert!(ModelFamily::default_for(task, false).check_task(task).is_ok(), "{task:?}");
        }
    }

    #[test]
    fn misfits_say_why() {
        assert_eq!(ModelFamily::Logistic.misfit(IRIS), Some(Misfit::Binary));
        assert_eq!(ModelFamily::Linear.misfit(IRIS), Some(Misfit::NeedsRegression));
        assert_eq!(ModelFamily::Softmax.misfit(Task::Regression), Some(Misfit::NeedsClassification));
        assert_eq!(ModelFamily::fitting(IRIS), [ModelFamily::Softmax, ModelFamily::Mlp]);
        assert_eq!(ModelFamily::fitting(Task::Regression), [ModelFamily::Linear, ModelFamily::Mlp]);
        assert_eq!("svm".parse::<ModelFamily>().unwrap(), ModelFamily::Svm);
        assert!("tree".parse::<ModelFamily>().unwrap_err().to_string().contains("linear, logistic"));
    }
}
