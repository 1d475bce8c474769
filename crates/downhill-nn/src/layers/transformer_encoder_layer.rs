//! One transformer encoder block, torch's `nn.TransformerEncoderLayer(d_model, nhead,
//! dim_feedforward, dropout, activation, layer_norm_eps, batch_first=True, norm_first, bias)`,
//! called with a causal mask (`is_causal=True`) when `causal`. x [N, T, E] → [N, T, E]:
//!   sa(x) = dropout1(self_attn(x))                       (`multihead_attention.rs`, attention dropout p)
//!   ff(x) = dropout2(linear2(dropout(act(linear1(x)))))  linear1 [F, E], linear2 [E, F]
//!   post-norm (norm_first = false):  x = norm1(x + sa(x));  x = norm2(x + ff(x))
//!   pre-norm  (norm_first = true):   x = x + sa(norm1(x));  x = x + ff(norm2(x))
//! norm1 and norm2 are layer norms over the E features of each step. Parameters and their order as
//! torch's `named_parameters`: self_attn.*, linear1.*, linear2.*, norm1.*, norm2.*.
use crate::layers::multihead_attention::{AttentionOptions, MultiheadAttention};
use crate::{Activation, Ctx, Dropout, Init, LayerNorm, Linear, Module};
use downhill_autograd::{Param, Var};
use downhill_tensor::Rng;

/// The sizes and options, as torch's constructor takes them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EncoderOptions {
    /// E: features per step, in and out.
    pub d_model: usize,
    /// Attention heads; must divide `d_model`.
    pub nhead: usize,
    /// F: hidden features of the feed-forward block (torch's default 2048).
    pub dim_feedforward: usize,
    /// Dropout probability after attention, inside and after the feed-forward block, and on the
    /// attention weights, in training (torch's default 0.1).
    pub dropout: f64,
    /// `Activation::Relu` or `Activation::Gelu`, as torch accepts (torch's default relu).
    pub activation: Activation,
    /// The layer norms' eps (torch's default 1e-5).
    pub layer_norm_eps: f64,
    /// Normalise before each block (pre-norm) instead of after (torch's default false).
    pub norm_first: bool,
    /// Learn the linear layers' and layer norms' biases (torch's default true).
    pub bias: bool,
    /// Causal self-attention: each step sees only itself and earlier steps.
    pub causal: bool,
}

/// One transformer encoder block (self-attention, then a feed-forward block, each with a
/// residual connection and a layer norm): [N, T, E] → [N, T, E].
#[derive(Debug, Clone)]
pub struct TransformerEncoderLayer {
    options: EncoderOptions,
    self_attn: MultiheadAttention,
    linear1: Linear,
    linear2: Linear,
    norm1: LayerNorm,
    norm2: LayerNorm,
    dropout: Dropout,
}

impl TransformerEncoderLayer {
    /// Panics unless `nhead` divides `d_model` and `dropout` is a probability (the layer
    /// description checks both first).
    pub fn new(o: EncoderOptions, rng: &mut Rng) -> TransformerEncoderLayer {
        let (e, f) = (o.d_model, o.dim_feedforward);
        let attention = AttentionOptions {
            embed_dim: e,
            num_heads: o.nhead,
            dropout: o.dropout,
            bias: o.bias,
            causal: o.causal,
        };
        let mut layer = TransformerEncoderLayer {
            options: o,
            self_attn: MultiheadAttention::new(attention, rng),
            linear1: Linear::new(e, f, o.bias, Init::TorchLinear, rng),
            linear2: Linear::new(f, e, o.bias, Init::TorchLinear, rng),
            norm1: LayerNorm::new(&[e], o.layer_norm_eps, true, o.bias),
            norm2: LayerNorm::new(&[e], o.layer_norm_eps, true, o.bias),
            dropout: Dropout::new(o.dropout).expect("dropout checked by the description"),
        };
        layer.self_attn.prefix_names("self_attn");
        layer.linear1.prefix_names("linear1");
        layer.linear2.prefix_names("linear2");
        layer.norm1.prefix_names("norm1");
        layer.norm2.prefix_names("norm2");
        layer
    }

    /// The sizes and options it was built with.
    pub fn options(&self) -> EncoderOptions {
        self.options
    }

    fn attention_block<'t>(&mut self, cx: &Ctx<'t>, x: Var<'t>) -> Var<'t> {
        let a = self.self_attn.forward(cx, x);
        self.dropout.forward(cx, a)
    }

    fn feed_forward_block<'t>(&mut self, cx: &Ctx<'t>, x: Var<'t>) -> Var<'t> {
        let mut activation = self.options.activation;
        let hidden = activation.forward(cx, self.linear1.forward(cx, x));
        let hidden = self.dropout.forward(cx, hidden);
        let y = self.linear2.forward(cx, hidden);
        self.dropout.forward(cx, y)
    }
}

impl Module for TransformerEncoderLayer {
    fn forward<'t>(&mut self, cx: &Ctx<'t>, x: Var<'t>) -> Var<'t> {
        if self.options.norm_first {
            let normed = self.norm1.forward(cx, x);
            let x = x + self.attention_block(cx, normed);
            let normed = self.norm2.forward(cx, x);
            x + self.feed_forward_block(cx, normed)
        } else {
            let a = self.attention_block(cx, x);
            let x = self.norm1.forward(cx, x + a);
            let f = self.feed_forward_block(cx, x);
            self.norm2.forward(cx, x + f)
        }
    }
    fn params(&self) -> Vec<&Param> {
        let mut all = self.self_attn.params();
        all.extend(self.linear1.params());
        all.extend(self.linear2.params());
        all.extend(self.norm1.params());
        all.extend(self.norm2.params());
        all
    }
    fn params_mut(&mut self) -> Vec<&mut Param> {
        let mut all = self.self_attn.params_mut();
        all.extend(self.linear1.params_mut());
        all.extend(self.linear2.params_mut());
        all.extend(self.norm1.params_mut());
        all.extend(self.norm2.params_mut());
        all
    }
    fn describe(&self) -> String {
        let o = self.options;
        let causal = if o.causal { ", causal" } else { "" };
        let norm = if o.norm_first { ", norm first" } else { "" };
        format!(
            "TransformerEncoderLayer({}, {} heads, ff {}{norm}{causal})",
            o.d_model, o.nhead, o.dim_feedforward
        )
    }
}
