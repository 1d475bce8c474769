//! `linear(out_features, bias=true)`: torch's `nn.Linear` over the last dimension, its input size
//! inferred; weight and bias drawn as torch does, U(−1/sqrt(in), 1/sqrt(in)). `out_features` may be
//! left out where the data sets it: a language model's vocabulary (`with_vocabulary`), an
//! estimator's outputs (`with_outputs`: the classes, one value, or an autoencoder's input width);
//! anywhere else a `linear` without a size is an error at the shape check.
use crate::spec::{inferred, layer_kind::shape_text, optional, ArgKind, LayerInfo, LayerKind};
use crate::{Init, Linear, Module};
use downhill_tensor::Rng;
use serde::{Deserialize, Serialize};

/// `linear(out_features, bias=true)`: a [`Linear`] layer over the last dimension, its input size
/// inferred.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LinearSpec {
    /// `None` until the data sets it (stored files always hold a number).
    #[serde(default)]
    pub out_features: Option<usize>,
    /// Learn a bias per output (torch's default true).
    #[serde(default = "yes")]
    pub bias: bool,
}

pub(crate) fn yes() -> bool {
    true
}

impl LayerKind for LinearSpec {
    const INFO: LayerInfo = LayerInfo {
        name: "linear",
        help: "fully connected: y = x·Wᵀ + b over the last dimension",
        args: &[
            inferred(
                "out_features",
                ArgKind::Count,
                "output size (left out: the model's outputs, e.g. an autoencoder's input width; for text, the vocabulary size)",
            ),
            optional("bias", ArgKind::Flag, "true", "learn an additive bias"),
        ],
    };
    fn check(&self) -> Result<(), String> {
        match self.out_features {
            Some(0) => Err("`out_features` must be at least 1".into()),
            _ => Ok(()),
        }
    }
    fn output_shape(&self, input: &[usize]) -> Result<Vec<usize>, String> {
        let out = self.out_features.ok_or_else(|| {
            "`out_features` is required here: only a trained model's stack infers it (its outputs, or \
             a language model's vocabulary size); write linear(N)"
                .to_string()
        })?;
        match input.split_last() {
            Some((_, rest)) => Ok(rest.iter().copied().chain([out]).collect()),
            None => Err(format!("needs an input with a last dimension, got {}", shape_text(input))),
        }
    }
    fn build(&self, input: &[usize], rng: &mut Rng) -> Box<dyn Module> {
        let inputs = *input.last().unwrap_or(&1);
        let out = self.out_features.unwrap_or_else(|| panic!("linear: built before its size was set"));
        Box::new(Linear::new(inputs, out, self.bias, Init::TorchLinear, rng))
    }
}
