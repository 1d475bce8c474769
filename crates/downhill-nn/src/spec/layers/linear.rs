//! `linear(out_features, bias=true)`: torch's `nn.Linear` over the last dimension, its input size
//! inferred; weight and bias drawn as torch does, U(−1/sqrt(in), 1/sqrt(in)).
use crate::spec::{layer_kind::shape_text, optional, required, ArgKind, LayerInfo, LayerKind};
use crate::{Init, Linear, Module};
use downhill_tensor::Rng;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LinearSpec {
    pub out_features: usize,
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
            required("out_features", ArgKind::Count, "output size"),
            optional("bias", ArgKind::Flag, "true", "learn an additive bias"),
        ],
    };
    fn check(&self) -> Result<(), String> {
        match self.out_features {
            0 => Err("`out_features` must be at least 1".into()),
            _ => Ok(()),
        }
    }
    fn output_shape(&self, input: &[usize]) -> Result<Vec<usize>, String> {
        match input.split_last() {
            Some((_, rest)) => Ok(rest.iter().copied().chain([self.out_features]).collect()),
            None => Err(format!("needs an input with a last dimension, got {}", shape_text(input))),
        }
    }
    fn build(&self, input: &[usize], rng: &mut Rng) -> Box<dyn Module> {
        let inputs = *input.last().unwrap_or(&1);
        Box::new(Linear::new(inputs, self.out_features, self.bias, Init::TorchLinear, rng))
    }
}
