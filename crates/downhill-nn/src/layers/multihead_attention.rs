//! Multi-head self-attention, torch's `nn.MultiheadAttention(embed_dim, num_heads, dropout, bias,
//! batch_first=True)` called as `attn(x, x, x)`, with an optional causal mask (torch's
//! `is_causal=True` with the upper-triangular −∞ mask). x [N, T, E] → [N, T, E]:
//!   qkv = x·W_inᵀ + b_in          W_in [3E, E] (query, key, value rows stacked), b_in [3E]
//!   a   = self_attention(qkv)      H heads of E/H features; attention dropout p in training
//!   y   = a·W_outᵀ + b_out         W_out [E, E], b_out [E]
//! Parameters have torch's names: in_proj_weight, in_proj_bias, out_proj.weight, out_proj.bias;
//! torch's initialisation: W_in Xavier-uniform, W_out U(−1/√E, 1/√E), both biases zero.
use crate::layers::{dropout, linear::linear_last_axis};
use crate::{Ctx, Init, Module};
use downhill_autograd::{Param, ParamRole, Var};
use downhill_tensor::{Rng, Tensor};

/// The sizes and options, as torch's constructor takes them (`causal` is the call's `is_causal`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AttentionOptions {
    /// E: features per step, in and out.
    pub embed_dim: usize,
    /// H: heads, each attending with E/H features; must divide E.
    pub num_heads: usize,
    /// Dropout probability on the attention weights, in training (torch's default 0).
    pub dropout: f64,
    /// Learn the projections' biases (torch's default true).
    pub bias: bool,
    /// Each step attends only to itself and earlier steps (torch's `is_causal=True`).
    pub causal: bool,
}

/// Multi-head self-attention over [N, T, E] → [N, T, E], torch's `nn.MultiheadAttention` with
/// `batch_first=True` called as `attn(x, x, x)`.
#[derive(Debug, Clone)]
pub struct MultiheadAttention {
    options: AttentionOptions,
    /// W_in [3E, E]: the query, key and value projections stacked, torch's `in_proj_weight`.
    pub in_proj_weight: Param,
    /// b_in `[3E]`, torch's `in_proj_bias`; `None` without `bias`.
    pub in_proj_bias: Option<Param>,
    /// W_out [E, E], torch's `out_proj.weight`.
    pub out_proj_weight: Param,
    /// b_out `[E]`, torch's `out_proj.bias`; `None` without `bias`.
    pub out_proj_bias: Option<Param>,
}

impl MultiheadAttention {
    /// Panics unless `num_heads` divides `embed_dim` (the layer description checks it first).
    pub fn new(o: AttentionOptions, rng: &mut Rng) -> MultiheadAttention {
        let e = o.embed_dim;
        assert!(
            o.num_heads > 0 && e.is_multiple_of(o.num_heads),
            "{} heads do not divide {e} features",
            o.num_heads
        );
        let in_w = Init::XavierUniform { gain: 1.0 }.sample([3 * e, e], e, 3 * e, rng);
        let out_w = Init::TorchLinear.sample([e, e], e, e, rng);
        let param = |name: &str, role, value| Param::with_role(name, role, value);
        MultiheadAttention {
            options: o,
            in_proj_weight: param("in_proj_weight", ParamRole::Weight, in_w),
            in_proj_bias: o.bias.then(|| param("in_proj_bias", ParamRole::Bias, Tensor::zeros([3 * e]))),
            out_proj_weight: param("out_proj.weight", ParamRole::Weight, out_w),
            out_proj_bias: o.bias.then(|| param("out_proj.bias", ParamRole::Bias, Tensor::zeros([e]))),
        }
    }

    /// The sizes and options it was built with.
    pub fn options(&self) -> AttentionOptions {
        self.options
    }

    /// The attention-dropout mask [N, H, T, T], in training with p > 0.
    fn dropout_mask(&self, cx: &Ctx<'_>, n: usize, t: usize) -> Option<Tensor> {
        let (p, heads) = (self.options.dropout, self.options.num_heads);
        (cx.is_training() && p > 0.0).then(|| cx.with_rng(|rng| dropout::mask(p, [n, heads, t, t], rng)))
    }
}

impl Module for MultiheadAttention {
    fn forward<'t>(&mut self, cx: &Ctx<'t>, x: Var<'t>) -> Var<'t> {
        let s = x.shape();
        let &[n, t, _] = s.dims() else { panic!("multihead_attention: needs [N, T, E], got {s}") };
        let p = |p: &Option<Param>| p.as_ref().map(|p| cx.param(p));
        let qkv = linear_last_axis(x, cx.param(&self.in_proj_weight), p(&self.in_proj_bias));
        let mask = self.dropout_mask(cx, n, t);
        let a = qkv.self_attention(self.options.num_heads, self.options.causal, mask);
        linear_last_axis(a, cx.param(&self.out_proj_weight), p(&self.out_proj_bias))
    }
    fn params(&self) -> Vec<&Param> {
        let biases = [&self.in_proj_bias, &self.out_proj_bias];
        let [in_b, out_b] = biases.map(|b| b.as_ref());
        [Some(&self.in_proj_weight), in_b, Some(&self.out_proj_weight), out_b].into_iter().flatten().collect()
    }
    fn params_mut(&mut self) -> Vec<&mut Param> {
        let (in_b, out_b) = (self.in_proj_bias.as_mut(), self.out_proj_bias.as_mut());
        [Some(&mut self.in_proj_weight), in_b, Some(&mut self.out_proj_weight), out_b]
            .into_iter()
            .flatten()
            .collect()
    }
    fn describe(&self) -> String {
        let o = self.options;
        let causal = if o.causal { ", causal" } else { "" };
        format!("MultiheadAttention({}, {} heads{causal})", o.embed_dim, o.num_heads)
    }
}
