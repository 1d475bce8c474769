//! `layer_norm(eps=1e-5, elementwise_affine=true, bias=true)`: torch's `nn.LayerNorm` over every
//! per-sample dimension (normalized_shape inferred as the whole input shape).
use crate::spec::{layers::linear::yes, optional, ArgKind, LayerInfo, LayerKind};
use crate::{LayerNorm, Module};
use downhill_tensor::Rng;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LayerNormSpec {
    #[serde(default = "eps")]
    pub eps: f64,
    #[serde(default = "yes")]
    pub elementwise_affine: bool,
    #[serde(default = "yes")]
    pub bias: bool,
}

fn eps() -> f64 {
    1e-5
}

impl LayerKind for LayerNormSpec {
    const INFO: LayerInfo = LayerInfo {
        name: "layer_norm",
        help: "normalises each sample over all its values",
        args: &[
            optional("eps", ArgKind::Real, "0.00001", "added to the variance before the square root"),
            optional("elementwise_affine", ArgKind::Flag, "true", "learn a scale γ per value"),
            optional("bias", ArgKind::Flag, "true", "learn a shift β per value (with elementwise_affine)"),
        ],
    };
    fn check(&self) -> Result<(), String> {
        match self.eps > 0.0 && self.eps.is_finite() {
            true => Ok(()),
            false => Err(format!("`eps` = {} must be positive and finite", self.eps)),
        }
    }
    fn output_shape(&self, input: &[usize]) -> Result<Vec<usize>, String> {
        Ok(input.to_vec())
    }
    fn build(&self, input: &[usize], _rng: &mut Rng) -> Box<dyn Module> {
        Box::new(LayerNorm::new(input, self.eps, self.elementwise_affine, self.bias))
    }
}
