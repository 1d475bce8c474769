//! `multihead_attention(num_heads, dropout=0, bias=true, causal=false)`: torch's
//! `nn.MultiheadAttention` (batch_first=True) as self-attention, its `embed_dim` inferred; `causal`
//! is the call's `is_causal`. Per-sample shapes [T, E] → [T, E] (`layers/multihead_attention.rs`).
use super::recurrent::check_dropout;
use crate::layers::{AttentionOptions, MultiheadAttention};
use crate::spec::layer_kind::shape_text;
use crate::spec::{layers::linear::yes, optional, required, ArgInfo, ArgKind, LayerInfo, LayerKind};
use crate::Module;
use downhill_tensor::Rng;
use serde::{Deserialize, Serialize};

/// `multihead_attention(num_heads, dropout=0, bias=true, causal=false)`: a [`MultiheadAttention`]
/// self-attention layer, `embed_dim` inferred from the [T, E] input.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MultiheadAttentionSpec {
    /// Attention heads; must divide E.
    pub num_heads: usize,
    /// Dropout on the attention weights in training, in [0, 1) (torch's default 0).
    #[serde(default)]
    pub dropout: f64,
    /// Learn the projections' biases (torch's default true).
    #[serde(default = "yes")]
    pub bias: bool,
    /// Step t attends to steps ≤ t only (torch's `is_causal`; required in a language model).
    #[serde(default)]
    pub causal: bool,
}

pub(crate) const CAUSAL: ArgInfo =
    optional("causal", ArgKind::Flag, "false", "step t attends to steps ≤ t only (language models)");

/// Why a non-causal attention fails a language model (`causality.rs`).
pub(crate) const ATTENDS_AHEAD: &str =
    "each step attends to later steps too, so a language model would read the answer: give causal=true";

/// E of a [T, E] input that `heads` heads divide, or why the input does not fit.
pub(crate) fn attention_width(input: &[usize], heads: usize) -> Result<usize, String> {
    match *input {
        [t, e] if t > 0 && e % heads == 0 && e > 0 => Ok(e),
        [_, e] if e % heads != 0 => Err(format!("{heads} heads do not divide the {e} features of each step")),
        _ => Err(format!(
            "needs a [T, E] input (a sequence of vectors; an embedding gives one), got {}",
            shape_text(input)
        )),
    }
}

impl LayerKind for MultiheadAttentionSpec {
    const INFO: LayerInfo = LayerInfo {
        name: "multihead_attention",
        help: "self-attention over [T, E] with num_heads heads of E/num_heads features",
        args: &[
            required("num_heads", ArgKind::Count, "heads; each attends with E/num_heads features"),
            optional("dropout", ArgKind::Real, "0.0", "dropout on the attention weights in training, [0, 1)"),
            optional("bias", ArgKind::Flag, "true", "learn the input and output projection biases"),
            CAUSAL,
        ],
    };
    fn check(&self) -> Result<(), String> {
        if self.num_heads == 0 {
            return Err("`num_heads` must be at least 1".into());
        }
        check_dropout(self.dropout)
    }
    fn output_shape(&self, input: &[usize]) -> Result<Vec<usize>, String> {
        attention_width(input, self.num_heads).map(|_| input.to_vec())
    }
    fn build(&self, input: &[usize], rng: &mut Rng) -> Box<dyn Module> {
        let options = AttentionOptions {
            embed_dim: input[1],
            num_heads: self.num_heads,
            dropout: self.dropout,
            bias: self.bias,
            causal: self.causal,
        };
        Box::new(MultiheadAttention::new(options, rng))
    }
    fn looks_ahead(&self, _input: &[usize]) -> Option<String> {
        (!self.causal).then(|| ATTENDS_AHEAD.to_string())
    }
}
