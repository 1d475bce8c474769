//! `transformer_encoder_layer`: torch's `nn.TransformerEncoderLayer` (batch_first) in evaluation,
//! from the pieces the other files write (dropout is the identity):
//!   post-norm (norm_first = false):  x = norm1(x + sa(x));  x = norm2(x + ff(x))
//!   pre-norm  (norm_first = true):   x = x + sa(norm1(x));  x = x + ff(norm2(x))
//!   sa = self-attention (`attention.rs`), ff(x) = linear2(act(linear1(x))), act relu or gelu,
//!   norm1, norm2 = LayerNormalization over the E features of each step.
//! Parameters: self_attn.*, linear1.*, linear2.*, norm1.*, norm2.* (torch's names); biases of all
//! of them only with `bias`.
use super::activation::activation;
use super::attention::{self_attention, Heads};
use super::norm::normalize;
use crate::graph::Graph;
use crate::params::Params;
use crate::wire::{self, Dense};
use downhill_nn::spec::layers::{FeedForwardActivation, TransformerEncoderLayerSpec};
use downhill_nn::Activation;

/// The encoder block on `x` [N, T, E].
pub(crate) fn encoder_layer(
    g: &mut Graph,
    p: &Params,
    s: &TransformerEncoderLayerSpec,
    x: &str,
    input: &[usize],
) -> Result<String, String> {
    let heads = Heads { heads: s.nhead, causal: s.causal, bias: s.bias };
    let sa = |g: &mut Graph, x: &str| self_attention(g, &p.child("self_attn"), x, input, heads);
    let norm = |g: &mut Graph, part: &str, x: &str| layer_norm(g, p, s, part, x, input[1]);
    let add = |g: &mut Graph, a: &str, b: &str| g.op("Add", &[a, b], vec![]);
    if s.norm_first {
        let normed = norm(g, "norm1", x)?;
        let a = sa(g, &normed)?;
        let x = add(g, x, &a);
        let normed = norm(g, "norm2", &x)?;
        let f = feed_forward(g, p, s, &normed, input[1])?;
        Ok(add(g, &x, &f))
    } else {
        let a = sa(g, x)?;
        let sum = add(g, x, &a);
        let x = norm(g, "norm1", &sum)?;
        let f = feed_forward(g, p, s, &x, input[1])?;
        let sum = add(g, &x, &f);
        norm(g, "norm2", &sum)
    }
}

fn layer_norm(
    g: &mut Graph,
    p: &Params,
    s: &TransformerEncoderLayerSpec,
    part: &str,
    x: &str,
    e: usize,
) -> Result<String, String> {
    let p = p.child(part);
    let scale = g.tensor(&format!("{part}.weight"), p.get("weight", &[e])?);
    let shift = p.optional("bias", &[e], s.bias)?.map(|b| g.tensor(&format!("{part}.bias"), b));
    Ok(normalize(g, x, 1, &scale, shift.as_deref(), s.layer_norm_eps))
}

fn feed_forward(
    g: &mut Graph,
    p: &Params,
    s: &TransformerEncoderLayerSpec,
    x: &str,
    e: usize,
) -> Result<String, String> {
    let f = s.dim_feedforward;
    let (l1, l2) = (p.child("linear1"), p.child("linear2"));
    let first = Dense {
        name: "linear1",
        weight: l1.get("weight", &[f, e])?,
        bias: l1.optional("bias", &[f], s.bias)?,
    };
    let second = Dense {
        name: "linear2",
        weight: l2.get("weight", &[e, f])?,
        bias: l2.optional("bias", &[e], s.bias)?,
    };
    let hidden = wire::linear(g, x, 3, first);
    let act = match s.activation {
        FeedForwardActivation::Relu => Activation::Relu,
        FeedForwardActivation::Gelu => Activation::Gelu,
    };
    let hidden = activation(g, &hidden, act);
    Ok(wire::linear(g, &hidden, 3, second))
}
