//! The hidden part of an MLP estimator: layer sizes, activation, batch norm, dropout, init.
//! Defaults follow scikit-learn's MLP (one hidden layer of 100 relu units, no batch norm or
//! dropout) with He initialisation for rectifiers (Xavier otherwise).
use crate::{Architecture, LayerStack, LearnError, MlpArchitecture};
use downhill_nn::spec::{with_outputs, LayerSpec};
use downhill_nn::{Activation, Init};
use serde::{Deserialize, Serialize};

/// The hidden part of an MLP estimator, or any layer stack in its place; `Default` is scikit-learn's MLP (one
/// hidden layer of 100 relu units).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MlpShape {
    /// Widths of the hidden layers, input to output (scikit-learn `hidden_layer_sizes`, default `[100]`).
    pub hidden: Vec<usize>,
    /// The activation after each hidden layer (scikit-learn `activation`, default relu).
    #[serde(with = "crate::nn_serde::activation")]
    pub activation: Activation,
    /// A `BatchNorm1d` after each hidden linear layer (default false).
    pub batch_norm: bool,
    /// Dropout probability after each hidden activation, in [0, 1) (default 0: none).
    pub dropout: f64,
    /// Weight initialisation; `None`: He for rectifiers, Xavier otherwise.
    #[serde(with = "crate::nn_serde::init")]
    pub init: Option<Init>,
    /// Any layer stack instead of the MLP above (its last layer gives the outputs; a `linear`
    /// without a size gets the model's outputs); absent from the stored form when not given, so
    /// MLP settings read as before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layers: Option<Vec<LayerSpec>>,
    /// The shape of one sample for `layers` (`[1, 28, 28]`); default `[features]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_shape: Option<Vec<usize>>,
}

impl Default for MlpShape {
    fn default() -> Self {
        MlpShape {
            hidden: vec![100],
            activation: Activation::Relu,
            batch_norm: false,
            dropout: 0.0,
            init: None,
            layers: None,
            input_shape: None,
        }
    }
}

impl MlpShape {
    pub(crate) fn check(&self) -> Result<(), LearnError> {
        if self.hidden.contains(&0) {
            return Err(LearnError::invalid("hidden", "positive layer sizes", format!("{:?}", self.hidden)));
        }
        crate::error::check_range("dropout", "a probability in [0, 1)", self.dropout, 0.0, 1.0 - f64::EPSILON)
    }

    pub(crate) fn architecture(&self, features: usize, outputs: usize) -> Architecture {
        if let Some(layers) = &self.layers {
            let input_shape = self.input_shape.clone().unwrap_or_else(|| vec![features]);
            return Architecture::Layers(LayerStack { input_shape, layers: with_outputs(layers, outputs) });
        }
        let sizes = std::iter::once(features).chain(self.hidden.iter().copied()).chain([outputs]).collect();
        Architecture::Mlp(MlpArchitecture {
            sizes,
            activation: self.activation,
            batch_norm: self.batch_norm,
            dropout: self.dropout,
            init: self.init,
        })
    }
}
