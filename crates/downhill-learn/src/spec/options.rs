//! The estimator options beyond the training settings (`TrainConfig`), described once: name, which
//! estimators take it, accepted range or names, default and one line of help. Applicability checks,
//! range checks and the accepted-name lists of the command line are read from here; the values
//! themselves live in the estimators' params structs (`MlpShape`, `LinearRegression`, ...), whose
//! `Default` is the default stated here. Ranges are downhill-optim's `Range`, as for optimizers.
use super::ModelFamily;
use crate::{LearnError, Task};
use downhill_optim::Range;

/// Which estimators an option belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applies {
    /// Every estimator of one family.
    Family(ModelFamily),
    /// The families built from layers: mlp and autoencoder (`ModelFamily::is_layered`).
    Layered,
    /// The families given a layer stack: mlp, autoencoder and vae (its encoder).
    Stacked,
    /// The generative models, which draw codes: vae and gan.
    Generative,
    /// The regressors (linear, and mlp on a regression target).
    RegressionTargets,
    /// Every estimator (the penalties, `penalty_options.rs`).
    Every,
}

/// One estimator option.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EstimatorOption {
    /// snake_case; the command line's flag is its kebab-case form.
    pub name: &'static str,
    /// Which estimators take it.
    pub applies: Applies,
    /// For numbers; `Range::Any` for names and switches.
    pub range: Range,
    /// The accepted names, for options that take one.
    pub choices: &'static [&'static str],
    /// The default, as the command line would give it.
    pub default: &'static str,
    /// One line of help for `--help`.
    pub help: &'static str,
}

impl Applies {
    /// Whether `family` trained on `task` takes the option.
    pub fn takes(self, family: ModelFamily, task: Task) -> bool {
        match self {
            Applies::Family(f) => f == family,
            Applies::Layered => family.is_layered(),
            Applies::Stacked => family.is_layered() || family == ModelFamily::Vae,
            Applies::Generative => matches!(family, ModelFamily::Vae | ModelFamily::Gan),
            Applies::RegressionTargets => task == Task::Regression,
            Applies::Every => true,
        }
    }

    /// Who takes it, in words: the families' names (`mlp, autoencoder{last}vae`), or
    /// `regression targets`.
    pub fn owners(self, last: &str) -> String {
        match self {
            Applies::RegressionTargets => return "regression targets".into(),
            Applies::Every => return "every model".into(),
            _ => {}
        }
        let names: Vec<&str> = ModelFamily::ALL
            .into_iter()
            .filter(|&f| self.takes(f, Task::Regression))
            .map(|f| f.name())
            .collect();
        listed(&names, last)
    }
}

/// `a, b{last}c`: names for a sentence (`last` is `" or "`, `" and "`).
pub(crate) fn listed(names: &[&str], last: &str) -> String {
    match names.split_last() {
        Some((end, rest)) if !rest.is_empty() => format!("{}{last}{end}", rest.join(", ")),
        _ => names.concat(),
    }
}

const MLP: Applies = Applies::Layered;
const LINEAR: Applies = Applies::Family(ModelFamily::Linear);

const fn opt(
    name: &'static str,
    applies: Applies,
    range: Range,
    default: &'static str,
    help: &'static str,
) -> EstimatorOption {
    EstimatorOption { name, applies, range, choices: &[], default, help }
}

const fn choice(
    name: &'static str,
    applies: Applies,
    choices: &'static [&'static str],
    default: &'static str,
    help: &'static str,
) -> EstimatorOption {
    EstimatorOption { name, applies, range: Range::Any, choices, default, help }
}

/// Every estimator option, in the order they are checked.
pub const ESTIMATOR_OPTIONS: &[EstimatorOption] = &[
    choice(
        "scale_target",
        Applies::RegressionTargets,
        &["standard", "none"],
        "standard",
        "train on standardised targets and map predictions back, or on the targets as given",
    ),
    opt("hidden", MLP, Range::AtLeastOne, "100", "hidden layer sizes"),
    opt(
        "layers",
        Applies::Stacked,
        Range::Any,
        "an MLP from hidden",
        "any layer stack in torch's names, e.g. conv2d(16, 5, padding=2), relu, flatten, linear(10)",
    ),
    opt(
        "input_shape",
        MLP,
        Range::AtLeastOne,
        "[features]",
        "the shape of one sample for layers, e.g. 1,28,28",
    ),
    choice(
        "activation",
        MLP,
        &["relu", "leaky-relu", "elu", "gelu", "silu", "sigmoid", "tanh", "softplus", "identity"],
        "relu",
        "hidden activation",
    ),
    opt("batch_norm", MLP, Range::Any, "false", "batch normalisation after each hidden linear layer"),
    opt("dropout", MLP, Range::UnitOpen, "0", "dropout probability after each hidden activation"),
    choice(
        "init",
        MLP,
        &[
            "zeros",
            "xavier-uniform",
            "xavier-normal",
            "he-uniform",
            "he-normal",
            "lecun-uniform",
            "lecun-normal",
            "torch",
        ],
        "he-uniform for rectifiers, xavier-uniform otherwise",
        "weight initialisation",
    ),
    opt(
        "latent",
        Applies::Generative,
        Range::AtLeastOne,
        "20 (vae), 100 (gan)",
        "code units of a generative model",
    ),
    opt(
        "generator",
        Applies::Family(ModelFamily::Gan),
        Range::Any,
        "linear(256), batch_norm1d, leaky_relu(0.2), ..., linear(1024), batch_norm1d, leaky_relu(0.2), linear, sigmoid",
        "a GAN's generator: layers from the code to one row (a sizeless linear is the row's width)",
    ),
    opt(
        "discriminator",
        Applies::Family(ModelFamily::Gan),
        Range::Any,
        "linear(1024), leaky_relu(0.2), dropout(0.3), ..., linear(256), leaky_relu(0.2), dropout(0.3), linear(1)",
        "a GAN's discriminator: layers from one row to one logit",
    ),
    choice(
        "loss",
        LINEAR,
        &["squared", "huber", "fixed-huber"],
        "squared",
        "loss of linear regression (squared: least squares; huber: scikit-learn's HuberRegressor with its defaults; fixed-huber: torch's HuberLoss)",
    ),
    opt(
        "huber_epsilon",
        LINEAR,
        Range::OneOrMore,
        "1.35",
        "loss huber: residuals beyond epsilon times the jointly estimated scale count linearly",
    ),
    opt("huber_delta", LINEAR, Range::Positive, "1", "loss fixed-huber: width of the quadratic zone, in standard deviations of the target unless scale_target is none"),
];

impl EstimatorOption {
    /// The option called `name`, a model option or a penalty's (`PENALTY_OPTIONS`).
    pub fn find(name: &str) -> Option<&'static EstimatorOption> {
        ESTIMATOR_OPTIONS.iter().chain(super::PENALTY_OPTIONS).find(|o| o.name == name)
    }

    /// Whether the option belongs to `family` trained on `task`.
    pub fn applies_to(&self, family: ModelFamily, task: Task) -> bool {
        self.applies.takes(family, task)
    }

    /// The option's help line, with who takes it and its default, for `--help`:
    /// `hidden layer sizes (mlp, autoencoder; default 100)`.
    pub fn help_line(&self) -> String {
        let choices = match self.choices {
            [] => String::new(),
            names => format!(": {}", names.join(", ")),
        };
        format!("{}{choices} ({}; default {})", self.help, self.applies.owners(" or "), self.default)
    }

    /// `value` if it lies in the range, else `OutOfRange` naming the option.
    pub fn check(&self, value: f64) -> Result<f64, LearnError> {
        match self.range.accepts(value) {
            true => Ok(value),
            false => {
                Err(LearnError::OutOfRange { name: self.name, range: self.range, value: value.to_string() })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_option_is_found_and_owned_by_some_estimator() {
        for o in ESTIMATOR_OPTIONS {
            assert_eq!(EstimatorOption::find(o.name), Some(o));
            let owners = [Task::Regression, Task::Classification { classes: 2 }]
                .into_iter()
                .flat_map(|t| ModelFamily::ALL.into_iter().map(move |f| (f, t)))
                .filter(|&(f, t)| o.applies_to(f, t) && f.check_task(t).is_ok());
            assert!(owners.count() > 0, "{} belongs to no estimator", o.name);
        }
    }

    #[test]
    fn stated_defaults_are_the_params_structs_defaults() {
        let default = |name| EstimatorOption::find(name).unwrap().default;
        let shape = crate::MlpShape::default();
        assert_eq!(
            default("hidden"),
            shape.hidden.iter().map(usize::to_string).collect::<Vec<_>>().join(",")
        );
        assert_eq!(default("batch_norm"), shape.batch_norm.to_string());
        assert_eq!(default("dropout"), shape.dropout.to_string());
        assert_eq!(shape.activation, default("activation").parse().unwrap());
        assert_eq!(crate::RegressionLoss::default(), crate::RegressionLoss::Squared);
        assert_eq!(default("loss"), "squared");
        let crate::RegressionLoss::Huber { epsilon } = crate::RegressionLoss::HUBER else { unreachable!() };
        assert_eq!(default("huber_epsilon"), epsilon.to_string());
        let crate::RegressionLoss::FixedHuber { delta } = crate::RegressionLoss::FIXED_HUBER else {
            unreachable!()
        };
        assert_eq!(default("huber_delta"), delta.to_string());
        assert_eq!(crate::LinearRegression::default().target_scaling, crate::TargetScaling::Standard);
        assert_eq!(default("scale_target"), "standard");
    }

    #[test]
    fn ranges_name_the_option_and_the_rule() {
        let dropout = EstimatorOption::find("dropout").unwrap();
        assert!(dropout.check(0.5).is_ok());
        let e = dropout.check(1.0).unwrap_err().to_string();
        assert!(e.contains("dropout") && e.contains("in [0, 1)"), "{e}");
        let scale = EstimatorOption::find("scale_target").unwrap();
        assert!(scale.applies_to(ModelFamily::Mlp, Task::Regression));
        assert!(!scale.applies_to(ModelFamily::Mlp, Task::Classification { classes: 3 }));
    }
}
