//! `transformer_encoder_layer(nhead, dim_feedforward=2048, dropout=0.1, activation='relu',
//! layer_norm_eps=1e-5, norm_first=false, bias=true, causal=false)`: torch's
//! `nn.TransformerEncoderLayer` (batch_first=True), `d_model` inferred; `causal` is the call's
//! `is_causal`. Per-sample shapes [T, E] → [T, E] (`layers/transformer_encoder_layer.rs`).
use super::layer_norm::{check_eps, eps};
use super::multihead_attention::{attention_width, ATTENDS_AHEAD, CAUSAL};
use super::recurrent::check_dropout;
use crate::layers::{EncoderOptions, TransformerEncoderLayer};
use crate::spec::{layers::linear::yes, optional, required, ArgKind, LayerInfo, LayerKind};
use crate::{Activation, Module};
use downhill_tensor::Rng;
use serde::{Deserialize, Serialize};

/// The feed-forward activation, as torch's `activation` string.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FeedForwardActivation {
    /// `'relu'` (torch's default).
    Relu,
    /// `'gelu'`, the exact erf form.
    Gelu,
}

/// `transformer_encoder_layer(nhead, dim_feedforward=2048, dropout=0.1, ...)`: a
/// [`TransformerEncoderLayer`], `d_model` inferred from the [T, E] input.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TransformerEncoderLayerSpec {
    /// Attention heads; must divide E.
    pub nhead: usize,
    /// Width of the feed-forward hidden layer, at least 1 (torch's default 2048).
    #[serde(default = "feedforward")]
    pub dim_feedforward: usize,
    /// Dropout in training on attention weights, residual branches and the feed-forward hidden
    /// layer, in [0, 1) (torch's default 0.1).
    #[serde(default = "dropout")]
    pub dropout: f64,
    /// The feed-forward activation (torch's default relu).
    #[serde(default = "relu")]
    pub activation: FeedForwardActivation,
    /// Added to the variance in both layer norms, > 0 (torch's default 1e-5).
    #[serde(default = "eps")]
    pub layer_norm_eps: f64,
    /// Normalise before each block (pre-norm) instead of after (torch's default false).
    #[serde(default)]
    pub norm_first: bool,
    /// Learn the biases of projections, linears and norms (torch's default true).
    #[serde(default = "yes")]
    pub bias: bool,
    /// Step t attends to steps ≤ t only (torch's `is_causal`; required in a language model).
    #[serde(default)]
    pub causal: bool,
}

fn feedforward() -> usize {
    2048
}
fn dropout() -> f64 {
    0.1
}
fn relu() -> FeedForwardActivation {
    FeedForwardActivation::Relu
}

impl LayerKind for TransformerEncoderLayerSpec {
    const INFO: LayerInfo = LayerInfo {
        name: "transformer_encoder_layer",
        help: "self-attention then a feed-forward network over [T, E], each with a residual and layer norm",
        args: &[
            required("nhead", ArgKind::Count, "attention heads; each attends with E/nhead features"),
            optional("dim_feedforward", ArgKind::Count, "2048", "width of the feed-forward hidden layer"),
            optional(
                "dropout",
                ArgKind::Real,
                "0.1",
                "dropout in training (attention, residuals, feed-forward)",
            ),
            optional("activation", ArgKind::Choice(&["relu", "gelu"]), "'relu'", "feed-forward activation"),
            optional("layer_norm_eps", ArgKind::Real, "0.00001", "added to the variance in both layer norms"),
            optional("norm_first", ArgKind::Flag, "false", "normalise before each block (pre-norm)"),
            optional("bias", ArgKind::Flag, "true", "learn the biases of projections, linears and norms"),
            CAUSAL,
        ],
    };
    fn check(&self) -> Result<(), String> {
        if self.nhead == 0 || self.dim_feedforward == 0 {
            let name = if self.nhead == 0 { "nhead" } else { "dim_feedforward" };
            return Err(format!("`{name}` must be at least 1"));
        }
        check_eps("layer_norm_eps", self.layer_norm_eps)?;
        check_dropout(self.dropout)
    }
    fn output_shape(&self, input: &[usize]) -> Result<Vec<usize>, String> {
        attention_width(input, self.nhead).map(|_| input.to_vec())
    }
    fn build(&self, input: &[usize], rng: &mut Rng) -> Box<dyn Module> {
        let options = EncoderOptions {
            d_model: input[1],
            nhead: self.nhead,
            dim_feedforward: self.dim_feedforward,
            dropout: self.dropout,
            activation: match self.activation {
                FeedForwardActivation::Relu => Activation::Relu,
                FeedForwardActivation::Gelu => Activation::Gelu,
            },
            layer_norm_eps: self.layer_norm_eps,
            norm_first: self.norm_first,
            bias: self.bias,
            causal: self.causal,
        };
        Box::new(TransformerEncoderLayer::new(options, rng))
    }
    fn looks_ahead(&self, _input: &[usize]) -> Option<String> {
        (!self.causal).then(|| ATTENDS_AHEAD.to_string())
    }
}
