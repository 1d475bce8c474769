//! The shape of a network, as serialisable data: enough to rebuild it before loading its weights.
//! Two forms, told apart by their fields (older model files hold the first):
//!   Mlp     `sizes = [features, h1, ..., outputs]`, each hidden block Linear → [BatchNorm1d] →
//!           activation → [Dropout], the last layer plain Linear (`downhill-nn`'s `Mlp`). Linear
//!           models are the two-size case `[features, outputs]`, one layer named `layers.0`.
//!   Layers  any layer stack in torch's names (`downhill_nn::spec`) for samples of `input_shape`,
//!           e.g. `conv2d(16, 5, padding=2), relu, max_pool2d(2), flatten, linear(10)` on [1, 28, 28].
use downhill_nn::spec::{output_shapes, LayerSpec, SpecError};
use downhill_nn::{Activation, Init, Mlp, NnError, Sequential};
use serde::{Deserialize, Serialize};

/// A network's shape, as model files store it (untagged: the fields tell the forms apart).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Architecture {
    /// A multi-layer perceptron given by its layer sizes (the estimators' networks).
    Mlp(MlpArchitecture),
    /// Any layer stack in torch's layer names.
    Layers(LayerStack),
}

/// An MLP's shape: layer sizes, activation, batch norm, dropout and initialisation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MlpArchitecture {
    /// `[features, h1, ..., outputs]`: input width, hidden widths, output width.
    pub sizes: Vec<usize>,
    /// The activation after each hidden layer.
    #[serde(with = "crate::nn_serde::activation")]
    pub activation: Activation,
    /// A `BatchNorm1d` after each hidden linear layer.
    pub batch_norm: bool,
    /// Dropout probability after each hidden activation, in [0, 1) (0: none).
    pub dropout: f64,
    /// `None`: He for rectifiers, Xavier otherwise (`Mlp`'s rule).
    #[serde(with = "crate::nn_serde::init")]
    pub init: Option<Init>,
}

/// A layer stack with the per-sample shape it reads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LayerStack {
    /// The shape of one sample (`[1, 28, 28]`, or `[features]` for flat rows).
    pub input_shape: Vec<usize>,
    /// The layers in order, in torch's names (`downhill_nn::spec`).
    pub layers: Vec<LayerSpec>,
}

impl Architecture {
    /// One linear layer, zero-initialised (scikit-learn's linear models start at zero).
    pub fn linear(features: usize, outputs: usize) -> Architecture {
        Architecture::Mlp(MlpArchitecture {
            sizes: vec![features, outputs],
            activation: Activation::Identity,
            batch_norm: false,
            dropout: 0.0,
            init: Some(Init::Zeros),
        })
    }

    /// Values per sample.
    pub fn inputs(&self) -> usize {
        match self {
            Architecture::Mlp(m) => m.sizes.first().copied().unwrap_or(0),
            Architecture::Layers(l) => l.input_shape.iter().product(),
        }
    }

    /// Outputs per sample (0 when the stack does not fit its input).
    pub fn outputs(&self) -> usize {
        match self {
            Architecture::Mlp(m) => m.sizes.last().copied().unwrap_or(0),
            Architecture::Layers(l) => output_shapes(&l.layers, &l.input_shape)
                .ok()
                .and_then(|s| s.last().map(|s| s.iter().product()))
                .unwrap_or(0),
        }
    }

    /// A short description for titles: `784-256-128-10`, or the layer text (cut at 60 characters).
    pub fn short_text(&self) -> String {
        match self {
            Architecture::Mlp(m) => m.sizes.iter().map(usize::to_string).collect::<Vec<_>>().join("-"),
            Architecture::Layers(l) => {
                let text = downhill_nn::spec::layers_text(&l.layers);
                match text.char_indices().nth(60) {
                    Some((cut, _)) => format!("{}…", &text[..cut]),
                    None => text,
                }
            }
        }
    }

    /// The network with weights drawn from `seed`, checked to map `features` values to `outputs`.
    pub fn build_for(&self, features: usize, outputs: usize, seed: u64) -> Result<Sequential, NnError> {
        if let Architecture::Layers(l) = self {
            l.check(features, outputs)?;
        }
        self.build(seed)
    }

    /// The network with weights drawn from `seed`.
    pub fn build(&self, seed: u64) -> Result<Sequential, NnError> {
        match self {
            Architecture::Mlp(m) => {
                let mut mlp = Mlp::new(&m.sizes)
                    .activation(m.activation)
                    .batch_norm(m.batch_norm)
                    .dropout(m.dropout)
                    .seed(seed);
                if let Some(init) = m.init {
                    mlp = mlp.init(init);
                }
                mlp.build()
            }
            Architecture::Layers(l) => Sequential::from_spec(&l.layers, &l.input_shape, seed),
        }
    }
}

impl LayerStack {
    /// The stack must read `features` values per sample and give `outputs`.
    pub(crate) fn check(&self, features: usize, outputs: usize) -> Result<(), SpecError> {
        let shape = downhill_tensor::Shape::from(self.input_shape.as_slice());
        let values = shape.checked_numel();
        if values != Some(features) {
            let holds =
                values.map_or("more values than a machine can address".into(), |n| format!("{n} values"));
            let problem = format!("{shape} holds {holds} but the data has {features} features");
            return Err(SpecError::new("input shape", problem));
        }
        crate::token_ids::check_embedding_first(&self.layers)?;
        let shapes = output_shapes(&self.layers, &self.input_shape)?;
        let last = shapes.last().cloned().unwrap_or_default();
        if last != [outputs] {
            let name = self.layers.last().map_or("", |l| l.name());
            let at = format!("{name} #{}", self.layers.len());
            let problem = format!(
                "the stack ends with outputs {}, the task needs [{outputs}]: end with linear({outputs})",
                downhill_tensor::Shape::from(last)
            );
            return Err(SpecError::new(at, problem));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_nn::spec::parse_layers;
    use downhill_nn::Module;

    #[test]
    fn round_trips_as_json_and_rebuilds_the_same_layers() {
        let a = Architecture::Mlp(MlpArchitecture {
            sizes: vec![4, 8, 3],
            activation: Activation::LeakyRelu { slope: 0.01 },
            batch_norm: true,
            dropout: 0.1,
            init: None,
        });
        let json = serde_json::to_string(&a).unwrap();
        assert!(json.starts_with(r#"{"sizes":[4,8,3]"#), "the stored form of older files: {json}");
        let back: Architecture = serde_json::from_str(&json).unwrap();
        assert_eq!(back, a); // exact on purpose: a JSON round trip keeps slope and dropout unchanged
        let names: Vec<String> =
            back.build(1).unwrap().params().iter().map(|p| p.name().to_string()).collect();
        assert_eq!(
            names,
            [
                "layers.0.weight",
                "layers.0.bias",
                "layers.1.weight",
                "layers.1.bias",
                "layers.4.weight",
                "layers.4.bias"
            ]
        );
        let lin = Architecture::linear(3, 1).build(0).unwrap();
        // Exact: a linear model starts from zeros written without arithmetic.
        assert!(lin.params().iter().all(|p| p.value.data().iter().all(|&v| v == 0.0)));
    }

    #[test]
    fn a_layer_stack_round_trips_and_is_checked_against_the_data() {
        let layers = parse_layers("conv2d(2, 3, padding=1), relu, flatten, linear(3)").unwrap();
        let a = Architecture::Layers(LayerStack { input_shape: vec![1, 4, 4], layers });
        let back: Architecture = serde_json::from_str(&serde_json::to_string(&a).unwrap()).unwrap();
        assert_eq!(back, a);
        assert_eq!((a.inputs(), a.outputs()), (16, 3));
        assert!(a.build_for(16, 3, 0).is_ok());
        let e = a.build_for(15, 3, 0).unwrap_err().to_string();
        assert!(e.contains("[1, 4, 4]") && e.contains("15 features"), "{e}");
        let e = a.build_for(16, 2, 0).unwrap_err().to_string();
        assert!(e.contains("linear #4") && e.contains("linear(2)"), "{e}");
    }
}
