//! `layer_norm(eps=1e-5, elementwise_affine=true, bias=true, normalized_dims=none)`: torch's
//! `nn.LayerNorm` with normalized_shape inferred as the last `normalized_dims` per-sample dimensions
//! (all of them when left out). Over a sequence [T, E], `normalized_dims=1` normalises each step on
//! its own, as torch's `nn.LayerNorm(E)` does; normalising over all of [T, E] mixes the steps.
use crate::spec::{layers::linear::yes, optional, ArgKind, LayerInfo, LayerKind, NONE};
use crate::{LayerNorm, Module};
use downhill_tensor::Rng;
use serde::{Deserialize, Serialize};

/// `layer_norm(eps=1e-5, elementwise_affine=true, bias=true, normalized_dims=none)`: a
/// [`LayerNorm`] over the last `normalized_dims` dimensions of each sample; the shape is kept.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LayerNormSpec {
    /// Added to the variance before the square root, > 0 (torch's default 1e-5).
    #[serde(default = "eps")]
    pub eps: f64,
    /// Learn a scale γ per normalised value (torch's default true).
    #[serde(default = "yes")]
    pub elementwise_affine: bool,
    /// Learn a shift β per normalised value, with `elementwise_affine` (torch's default true).
    #[serde(default = "yes")]
    pub bias: bool,
    /// How many trailing dimensions to normalise over, at least 1; `None`: all of them.
    #[serde(default)]
    pub normalized_dims: Option<usize>,
}

/// torch's layer-norm eps.
pub(crate) fn eps() -> f64 {
    1e-5
}

/// Why an `eps` argument called `name` is out of range, if it is.
pub(crate) fn check_eps(name: &str, eps: f64) -> Result<(), String> {
    match eps > 0.0 && eps.is_finite() {
        true => Ok(()),
        false => Err(format!("`{name}` = {eps} must be positive and finite")),
    }
}

impl LayerKind for LayerNormSpec {
    const INFO: LayerInfo = LayerInfo {
        name: "layer_norm",
        help: "normalises each sample over all its values",
        args: &[
            optional("eps", ArgKind::Real, "0.00001", "added to the variance before the square root"),
            optional("elementwise_affine", ArgKind::Flag, "true", "learn a scale γ per value"),
            optional("bias", ArgKind::Flag, "true", "learn a shift β per value (with elementwise_affine)"),
            optional(
                "normalized_dims",
                ArgKind::Count,
                NONE,
                "normalise over the last this many dimensions (none: all); 1 for each step of [T, E]",
            ),
        ],
    };
    fn check(&self) -> Result<(), String> {
        if self.normalized_dims == Some(0) {
            return Err("`normalized_dims` must be at least 1 (or left out for all)".into());
        }
        check_eps("eps", self.eps)
    }
    fn output_shape(&self, input: &[usize]) -> Result<Vec<usize>, String> {
        match self.normalized_dims {
            Some(k) if k > input.len() => Err(format!(
                "`normalized_dims` = {k} exceeds the {} dimensions of its input {}",
                input.len(),
                crate::spec::layer_kind::shape_text(input)
            )),
            _ => Ok(input.to_vec()),
        }
    }
    fn looks_ahead(&self, input: &[usize]) -> Option<String> {
        (input.len() > 1 && self.normalized_dims.unwrap_or(input.len()) == input.len()).then(|| {
            "normalises over every step at once, so each step's output depends on the later ones: give \
             normalized_dims=1 to normalise each step on its own"
                .to_string()
        })
    }
    fn build(&self, input: &[usize], _rng: &mut Rng) -> Box<dyn Module> {
        let dims = self.normalized_dims.unwrap_or(input.len());
        let shape = &input[input.len() - dims..];
        Box::new(LayerNorm::new(shape, self.eps, self.elementwise_affine, self.bias))
    }
}
