//! The model options as given (by the command line's model flags, or by a program), put over an
//! estimator's defaults. The options are those of `ESTIMATOR_OPTIONS`; their values arrive parsed
//! (names and layer texts are the caller's to read):
//!   family(task)            = the family named, else `ModelFamily::default_for(task, layered)`,
//!                             layered when hidden sizes or a layer stack are given
//!   check(family, task)     = every given option belongs to `family` on `task` (its table entry's
//!                             `Applies`), and each Huber knob comes with its own loss
//!   spec(family, task, ..)  = `EstimatorSpec::default_for(family, task)` (scikit-learn's
//!                             `HuberRegressor` for linear with the Huber loss), each given option
//!                             in place, numbers checked against the table's ranges
use super::{EstimatorOption, EstimatorSpec, ModelFamily, ESTIMATOR_OPTIONS};
use crate::{LayerSpec, LearnError, LinearRegression, RegressionLoss, TargetScaling, Task};
use downhill_nn::{Activation, Init};

/// A layer stack as given (not yet sized: see `LayerStack`), with the shape of one sample when its source gives one.
#[derive(Clone, Debug, PartialEq)]
pub struct GivenLayers {
    /// The layers, first to last.
    pub layers: Vec<LayerSpec>,
    /// The shape of one sample the stack's source states (an architecture file's `input_shape`).
    pub input_shape: Option<Vec<usize>>,
}

/// The model options given; `None` (or `false`) is "not given": the estimator's default stands.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ModelOptions {
    /// The family; `None` picks the task's default.
    pub model: Option<ModelFamily>,
    /// Target scaling (regression targets).
    pub scale_target: Option<TargetScaling>,
    /// Hidden layer sizes.
    pub hidden: Option<Vec<usize>>,
    /// A layer stack instead of the MLP made from `hidden`.
    pub layers: Option<GivenLayers>,
    /// The shape of one sample for `layers`.
    pub input_shape: Option<Vec<usize>>,
    /// Code units of a generative model.
    pub latent: Option<usize>,
    /// A GAN's generator.
    pub generator: Option<Vec<LayerSpec>>,
    /// A GAN's discriminator.
    pub discriminator: Option<Vec<LayerSpec>>,
    /// The hidden activation.
    pub activation: Option<Activation>,
    /// Batch normalisation after each hidden linear layer.
    pub batch_norm: bool,
    /// Dropout probability after each hidden activation.
    pub dropout: Option<f64>,
    /// Weight initialisation.
    pub init: Option<Init>,
    /// Linear regression's loss, with that loss's default knob (`RegressionLoss::HUBER`).
    pub loss: Option<RegressionLoss>,
    /// The Huber loss's epsilon (with `loss` Huber).
    pub huber_epsilon: Option<f64>,
    /// The fixed Huber loss's delta (with `loss` FixedHuber).
    pub huber_delta: Option<f64>,
}

/// A rule across options: `option` means something only when `other` is as `rule` says (`holds`;
/// `{}` in the rule stands for `other`'s name, as in `LearnError::Needs`).
type Needs = (&'static str, &'static str, &'static str, fn(&ModelOptions) -> bool);

/// The rules across options.
const NEEDS: [Needs; 2] = [
    ("huber_epsilon", "loss", "needs {} huber", |o| matches!(o.loss, Some(RegressionLoss::Huber { .. }))),
    ("huber_delta", "loss", "needs {} fixed-huber", |o| {
        matches!(o.loss, Some(RegressionLoss::FixedHuber { .. }))
    }),
];

impl ModelOptions {
    /// The names of the options given, in the table's order.
    pub fn given(&self) -> Vec<&'static str> {
        let given = |name: &str| match name {
            "scale_target" => self.scale_target.is_some(),
            "hidden" => self.hidden.is_some(),
            "layers" => self.layers.is_some(),
            "input_shape" => self.input_shape.is_some(),
            "latent" => self.latent.is_some(),
            "generator" => self.generator.is_some(),
            "discriminator" => self.discriminator.is_some(),
            "activation" => self.activation.is_some(),
            "batch_norm" => self.batch_norm,
            "dropout" => self.dropout.is_some(),
            "init" => self.init.is_some(),
            "loss" => self.loss.is_some(),
            "huber_epsilon" => self.huber_epsilon.is_some(),
            "huber_delta" => self.huber_delta.is_some(),
            other => unreachable!("model option {other} has no field"),
        };
        ESTIMATOR_OPTIONS.iter().map(|o| o.name).filter(|n| given(n)).collect()
    }

    /// The family named, else the task's default (an MLP when hidden sizes or layers are given).
    pub fn family(&self, task: Task) -> ModelFamily {
        let layered = self.hidden.is_some() || self.layers.is_some();
        self.model.unwrap_or_else(|| ModelFamily::default_for(task, layered))
    }

    /// Every given option belongs to `family` on `task`, and each Huber knob has its loss.
    pub fn check(&self, family: ModelFamily, task: Task) -> Result<(), LearnError> {
        let given = self.given();
        for &name in &given {
            let option = EstimatorOption::find(name).expect("given() names table entries");
            if !option.applies_to(family, task) {
                return Err(LearnError::OptionNotTaken { option: name, family, applies: option.applies });
            }
        }
        match NEEDS.iter().find(|(option, .., holds)| given.contains(option) && !holds(self)) {
            Some(&(option, other, rule, _)) => Err(LearnError::Needs { option, other, rule }),
            None => Ok(()),
        }
    }

    /// `family`'s estimator for `task` with these options over its defaults; `data_shape` is one
    /// sample's shape when the data has one (IDX images), for a stack that states none.
    pub fn spec(
        &self,
        family: ModelFamily,
        task: Task,
        data_shape: Option<&[usize]>,
    ) -> Result<EstimatorSpec, LearnError> {
        self.check(family, task)?;
        let huber = matches!(self.loss, Some(RegressionLoss::Huber { .. }));
        let mut spec = match family {
            ModelFamily::Linear if huber => EstimatorSpec::LinearRegression(LinearRegression::huber()),
            _ => EstimatorSpec::default_for(family, task)?,
        };
        if let (Some(s), Some(given)) = (spec.target_scaling_mut(), self.scale_target) {
            *s = given;
        }
        if let (Some(loss), Some(given)) = (spec.loss_mut(), self.loss) {
            *loss = self.with_knobs(given)?;
        }
        if let Some(shape) = spec.shape_mut() {
            shape.hidden = sizes("hidden", LAYER_SIZES, self.hidden.clone())?.unwrap_or(shape.hidden.clone());
            shape.dropout = checked("dropout", self.dropout)?.unwrap_or(shape.dropout);
            shape.batch_norm = self.batch_norm;
            shape.activation = self.activation.unwrap_or(shape.activation);
            shape.init = self.init.or(shape.init);
            if let Some(stack) = &self.layers {
                let given = sizes("input_shape", SAMPLE_SIZES, self.input_shape.clone())?;
                shape.input_shape = given.or(stack.input_shape.clone()).or(data_shape.map(<[usize]>::to_vec));
                shape.layers = Some(stack.layers.clone());
            }
        }
        let latent = checked("latent", self.latent.map(|l| l as f64))?.map(|l| l as usize);
        if let EstimatorSpec::Gan(gan) = &mut spec {
            gan.latent = latent.unwrap_or(gan.latent);
            gan.generator = self.generator.clone().unwrap_or(std::mem::take(&mut gan.generator));
            gan.discriminator = self.discriminator.clone().unwrap_or(std::mem::take(&mut gan.discriminator));
        }
        if let EstimatorSpec::Vae(vae) = &mut spec {
            vae.latent = latent.unwrap_or(vae.latent);
            vae.layers = self.layers.as_ref().map_or(std::mem::take(&mut vae.layers), |s| s.layers.clone());
        }
        Ok(spec)
    }

    /// `loss` with the given epsilon or delta in place of its default.
    fn with_knobs(&self, loss: RegressionLoss) -> Result<RegressionLoss, LearnError> {
        Ok(match loss {
            RegressionLoss::Huber { epsilon } => RegressionLoss::Huber {
                epsilon: checked("huber_epsilon", self.huber_epsilon)?.unwrap_or(epsilon),
            },
            RegressionLoss::FixedHuber { delta } => RegressionLoss::FixedHuber {
                delta: checked("huber_delta", self.huber_delta)?.unwrap_or(delta),
            },
            RegressionLoss::Squared => RegressionLoss::Squared,
        })
    }
}

/// What layer sizes and sample shapes accept, said as they are given (a comma-separated list).
const LAYER_SIZES: &str = "comma-separated layer sizes >= 1, e.g. 256,128";
const SAMPLE_SIZES: &str = "comma-separated sizes >= 1, e.g. 1,28,28";

/// A number option's value, checked against its table entry's range.
fn checked(name: &'static str, value: Option<f64>) -> Result<Option<f64>, LearnError> {
    let option = EstimatorOption::find(name).expect("a table entry");
    value.map(|v| option.check(v)).transpose()
}

/// A list of sizes, each at least one, and at least one of them.
fn sizes(
    name: &'static str,
    rule: &'static str,
    value: Option<Vec<usize>>,
) -> Result<Option<Vec<usize>>, LearnError> {
    match value {
        Some(v) if v.is_empty() || v.contains(&0) => {
            let text = v.iter().map(usize::to_string).collect::<Vec<_>>().join(",");
            Err(LearnError::invalid(name, rule, text))
        }
        v => Ok(v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Applies;

    const IRIS: Task = Task::Classification { classes: 3 };

    #[test]
    fn the_family_follows_the_task_unless_named() {
        let none = ModelOptions::default();
        assert_eq!(none.family(IRIS), ModelFamily::Softmax);
        assert_eq!(none.family(Task::Classification { classes: 2 }), ModelFamily::Logistic);
        assert_eq!(none.family(Task::Regression), ModelFamily::Linear);
        assert_eq!(ModelOptions { hidden: Some(vec![8]), ..none.clone() }.family(IRIS), ModelFamily::Mlp);
        let named = ModelOptions { model: Some(ModelFamily::Svm), hidden: Some(vec![8]), ..none };
        assert_eq!(named.family(IRIS), ModelFamily::Svm);
    }

    #[test]
    fn options_of_other_estimators_are_refused_by_name() {
        let o = ModelOptions { dropout: Some(0.1), ..Default::default() };
        let e = o.check(ModelFamily::Softmax, IRIS).unwrap_err();
        assert!(matches!(e, LearnError::OptionNotTaken { option: "dropout", applies: Applies::Layered, .. }));
        assert!(o.check(ModelFamily::Mlp, IRIS).is_ok());
        let o = ModelOptions { scale_target: Some(TargetScaling::None), ..Default::default() };
        assert!(
            o.check(ModelFamily::Mlp, IRIS).is_err() && o.check(ModelFamily::Mlp, Task::Regression).is_ok()
        );
        let o = ModelOptions { huber_epsilon: Some(1.5), ..Default::default() };
        let e = o.check(ModelFamily::Linear, Task::Regression).unwrap_err().to_string();
        assert_eq!(e, "huber_epsilon needs loss huber");
    }

    #[test]
    fn given_options_replace_the_defaults_and_are_range_checked() {
        let o = ModelOptions { hidden: Some(vec![16, 8]), dropout: Some(0.25), ..Default::default() };
        let mut spec = o.spec(ModelFamily::Mlp, IRIS, None).unwrap();
        let shape = spec.shape_mut().unwrap();
        // Exact: the given values are copied, no arithmetic.
        assert_eq!((shape.hidden.clone(), shape.dropout), (vec![16, 8], 0.25));
        let bad = ModelOptions { dropout: Some(1.0), ..Default::default() };
        assert!(matches!(
            bad.spec(ModelFamily::Mlp, IRIS, None),
            Err(LearnError::OutOfRange { name: "dropout", .. })
        ));
        let zero = ModelOptions { hidden: Some(vec![8, 0]), ..Default::default() };
        let e = zero.spec(ModelFamily::Mlp, IRIS, None).unwrap_err().to_string();
        assert!(e.contains("8,0") && e.contains("layer sizes >= 1"), "{e}");
    }

    #[test]
    fn the_huber_loss_is_scikit_learns_regressor_with_the_given_epsilon() {
        let o = ModelOptions {
            loss: Some(RegressionLoss::HUBER),
            huber_epsilon: Some(2.0),
            ..Default::default()
        };
        let spec = o.spec(ModelFamily::Linear, Task::Regression, None).unwrap();
        let EstimatorSpec::LinearRegression(lr) = spec else { panic!("{spec:?}") };
        let expected =
            LinearRegression { loss: RegressionLoss::Huber { epsilon: 2.0 }, ..LinearRegression::huber() };
        assert_eq!(lr, expected);
        let low = ModelOptions { huber_epsilon: Some(0.9), ..o };
        assert!(low.spec(ModelFamily::Linear, Task::Regression, None).is_err());
    }

    #[test]
    fn a_stack_takes_the_given_shape_then_its_own_then_the_datas() {
        let stack = GivenLayers {
            layers: crate::parse_layers("flatten, linear(3)").unwrap(),
            input_shape: Some(vec![1, 2, 2]),
        };
        let o = ModelOptions { layers: Some(stack), ..Default::default() };
        let shape_of = |o: &ModelOptions| {
            let mut spec = o.spec(ModelFamily::Mlp, IRIS, Some(&[1, 4, 1])).unwrap();
            spec.shape_mut().unwrap().input_shape.clone()
        };
        assert_eq!(shape_of(&o), Some(vec![1, 2, 2]));
        assert_eq!(shape_of(&ModelOptions { input_shape: Some(vec![4]), ..o.clone() }), Some(vec![4]));
        let mut plain = o.clone();
        plain.layers.as_mut().unwrap().input_shape = None;
        assert_eq!(shape_of(&plain), Some(vec![1, 4, 1]));
    }
}
