//! `rnn`, `lstm` and `gru` as ONNX's RNN, LSTM and GRU operators, one per stacked layer (each
//! holding both directions when bidirectional), with a zero initial state as downhill predicts.
//! ONNX's recurrent ops are time-major (layout 0, the layout every runtime supports): the batch
//! [N, T, I] is transposed to [T, N, I] once, each layer's Y [T, D, N, H] becomes the next input
//! [T, N, D·H] (Transpose, Reshape), and the last is transposed back to [N, T, D·H] (torch's
//! `output`; the reverse direction's outputs are aligned with the forward time steps in both).
//! Weights: torch's per-layer `weight_ih_l{k}` [G·H, I_k], `weight_hh_l{k}` [G·H, H], `bias_ih_l{k}`
//! and `bias_hh_l{k}` [G·H] (suffix `_reverse` for the reverse direction) become ONNX's
//! W [D, G·H, I_k], R [D, G·H, H] and B [D, 2·G·H] (Wb then Rb), the gate blocks of H rows put
//! in ONNX's order:
//!   LSTM  torch (i, f, g, o) → ONNX (i, o, f, c)      GRU  torch (r, z, n) → ONNX (z, r, h)
//! GRU takes linear_before_reset = 1: torch's n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)).
//! An RNN with nonlinearity='relu' sets activations = [Relu] per direction (tanh is the default).
use crate::attr;
use crate::graph::Graph;
use crate::params::Params;
use crate::wire;
use downhill_nn::spec::layers::{GruSpec, LstmSpec, Nonlinearity, RnnSpec};
use downhill_tensor::Tensor;

/// What the three kinds share, with the ONNX operator and its gate order.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Recurrence {
    op: &'static str,
    /// For each ONNX gate block, the torch block it comes from.
    order: &'static [usize],
    hidden: usize,
    layers: usize,
    bias: bool,
    bidirectional: bool,
    relu: bool,
}

impl Recurrence {
    pub fn rnn(s: &RnnSpec) -> Recurrence {
        let relu = s.nonlinearity == Nonlinearity::Relu;
        let (hidden, layers, bias, bidirectional) = (s.hidden_size, s.num_layers, s.bias, s.bidirectional);
        Recurrence { op: "RNN", order: &[0], hidden, layers, bias, bidirectional, relu }
    }
    pub fn lstm(s: &LstmSpec) -> Recurrence {
        let (hidden, layers, bias, bidirectional) = (s.hidden_size, s.num_layers, s.bias, s.bidirectional);
        Recurrence { op: "LSTM", order: &[0, 3, 1, 2], hidden, layers, bias, bidirectional, relu: false }
    }
    pub fn gru(s: &GruSpec) -> Recurrence {
        let (hidden, layers, bias, bidirectional) = (s.hidden_size, s.num_layers, s.bias, s.bidirectional);
        Recurrence { op: "GRU", order: &[1, 0, 2], hidden, layers, bias, bidirectional, relu: false }
    }
    fn directions(&self) -> usize {
        if self.bidirectional {
            2
        } else {
            1
        }
    }
}

/// The rows of `t` ([G·H, cols]) with its gate blocks in ONNX's order, appended to `out`.
fn reordered(t: &Tensor, order: &[usize], hidden: usize, out: &mut Vec<f32>) {
    let block = hidden * t.numel() / t.dims()[0];
    order.iter().for_each(|&k| out.extend_from_slice(&t.data()[k * block..(k + 1) * block]));
}

/// The whole recurrent layer on `x` [N, T, I].
pub(crate) fn recurrent(
    g: &mut Graph,
    p: &Params,
    r: Recurrence,
    x: &str,
    input: &[usize],
) -> Result<String, String> {
    let (t, mut width) = (input[0], input[1]);
    let mut y = wire::transpose(g, x, &[1, 0, 2]);
    for l in 0..r.layers {
        y = layer(g, p, &r, l, &y, width)?;
        width = r.directions() * r.hidden;
        let tn = wire::transpose(g, &y, &[0, 2, 1, 3]);
        y = wire::reshape(g, &tn, &[t as i64, -1, width as i64]);
    }
    Ok(wire::transpose(g, &y, &[1, 0, 2]))
}

/// Layer `l` on time-major `x` [T, N, I]: Y [T, D, N, H].
fn layer(
    g: &mut Graph,
    p: &Params,
    r: &Recurrence,
    l: usize,
    x: &str,
    inputs: usize,
) -> Result<String, String> {
    let (h, gh) = (r.hidden, r.order.len() * r.hidden);
    let (mut w, mut rw, mut b) = (Vec::new(), Vec::new(), Vec::new());
    for d in 0..r.directions() {
        let sfx = format!("l{l}{}", if d == 1 { "_reverse" } else { "" });
        reordered(p.get(&format!("weight_ih_{sfx}"), &[gh, inputs])?, r.order, h, &mut w);
        reordered(p.get(&format!("weight_hh_{sfx}"), &[gh, h])?, r.order, h, &mut rw);
        if r.bias {
            reordered(p.get(&format!("bias_ih_{sfx}"), &[gh])?, r.order, h, &mut b);
            reordered(p.get(&format!("bias_hh_{sfx}"), &[gh])?, r.order, h, &mut b);
        }
    }
    let dirs = r.directions();
    let w = g.floats(&format!("W_l{l}"), &[dirs, gh, inputs], &w);
    let rw = g.floats(&format!("R_l{l}"), &[dirs, gh, h], &rw);
    let mut operands = vec![x.to_string(), w, rw];
    if r.bias {
        operands.push(g.floats(&format!("B_l{l}"), &[dirs, 2 * gh], &b));
    }
    let direction = if r.bidirectional { "bidirectional" } else { "forward" };
    let mut attributes = vec![attr::int("hidden_size", h as i64), attr::string("direction", direction)];
    if r.relu {
        attributes.push(attr::strings("activations", &vec!["Relu"; dirs]));
    }
    if r.op == "GRU" {
        attributes.push(attr::int("linear_before_reset", 1));
    }
    let operands: Vec<&str> = operands.iter().map(String::as_str).collect();
    Ok(g.op(r.op, &operands, attributes))
}

#[cfg(test)]
mod tests {
    use super::reordered;
    use downhill_tensor::Tensor;

    #[test]
    fn lstm_gate_blocks_move_to_onnx_order() {
        // Four gate blocks of H = 1 row with 2 columns: torch i, f, g, o = rows 0, 1, 2, 3.
        let t = Tensor::from_vec((0..8).map(|v| v as f32).collect(), [4, 2]).unwrap();
        let mut out = Vec::new();
        reordered(&t, &[0, 3, 1, 2], 1, &mut out);
        // Exact: copies. ONNX i, o, f, c = torch rows 0, 3, 1, 2.
        assert_eq!(out, [0.0, 1.0, 6.0, 7.0, 2.0, 3.0, 4.0, 5.0]);
    }
}
