//! `multihead_attention`: torch's `nn.MultiheadAttention` as self-attention, decomposed into
//! opset-17 operators. x [N, T, E], H heads of d = E/H features:
//!   Q, K, V = x·W_qᵀ + b_q, ...   the three row blocks of in_proj_weight [3E, E] and in_proj_bias
//!   Q_h = Q as [N, T, H, d] → [N, H, T, d]   (K_h → [N, H, d, T], already transposed)
//!   S = Q_h·K_hᵀ · (1/√d)  [N, H, T, T];   + M when causal (M_ij = −∞ for j > i, else 0)
//!   O = Softmax(S, last axis)·V_h → [N, T, H, d] → [N, T, E];   y = O·W_outᵀ + b_out
//! Parameters: in_proj_weight, in_proj_bias, out_proj.weight, out_proj.bias (torch's names).
use crate::graph::Graph;
use crate::params::Params;
use crate::wire::{self, Dense};

/// The options `multihead_attention` and the transformer's `self_attn` share.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Heads {
    pub heads: usize,
    pub causal: bool,
    pub bias: bool,
}

/// Self-attention of `x` [N, T, E] with the parameters under `p`.
pub(crate) fn self_attention(
    g: &mut Graph,
    p: &Params,
    x: &str,
    input: &[usize],
    o: Heads,
) -> Result<String, String> {
    let (t, e) = (input[0], input[1]);
    let (h, d) = (o.heads as i64, (e / o.heads) as i64);
    let w_in = p.get("in_proj_weight", &[3 * e, e])?;
    let b_in = p.optional("in_proj_bias", &[3 * e], o.bias)?;
    let w_out = p.get("out_proj.weight", &[e, e])?;
    let b_out = p.optional("out_proj.bias", &[e], o.bias)?;
    let mut heads = Vec::new();
    for (part, (name, perm)) in
        [("q_proj", [0, 2, 1, 3]), ("k_proj", [0, 2, 3, 1]), ("v_proj", [0, 2, 1, 3])].into_iter().enumerate()
    {
        let rows = part * e..(part + 1) * e;
        let (weight, bias) = (w_in.narrow(0, rows.clone()), b_in.map(|b| b.narrow(0, rows)));
        let proj = wire::linear(g, x, 3, Dense { name, weight: &weight, bias: bias.as_ref() });
        let split = wire::reshape(g, &proj, &[-1, t as i64, h, d]);
        heads.push(wire::transpose(g, &split, &perm));
    }
    let scores = g.op("MatMul", &[&heads[0], &heads[1]], vec![]);
    let scale = g.floats("scale", &[], &[1.0 / (d as f32).sqrt()]);
    let mut scores = g.op("Mul", &[&scores, &scale], vec![]);
    if o.causal {
        let mask: Vec<f32> =
            (0..t * t).map(|k| if k % t > k / t { f32::NEG_INFINITY } else { 0.0 }).collect();
        let mask = g.floats("causal_mask", &[t, t], &mask);
        scores = g.op("Add", &[&scores, &mask], vec![]);
    }
    let probs = g.op("Softmax", &[&scores], vec![crate::attr::int("axis", -1)]);
    let mixed = g.op("MatMul", &[&probs, &heads[2]], vec![]);
    let steps = wire::transpose(g, &mixed, &[0, 2, 1, 3]);
    let joined = wire::reshape(g, &steps, &[-1, t as i64, e as i64]);
    Ok(wire::linear(g, &joined, 3, Dense { name: "out_proj", weight: w_out, bias: b_out }))
}
