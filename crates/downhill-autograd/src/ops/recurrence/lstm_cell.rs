//! One step of torch's `nn.LSTM` for one sample, gate order (i, f, g, o) as torch's weight rows.
//! With a = xp + hp (4H pre-activations, xp = W_ih·x_t + b_ih, hp = W_hh·h_{t−1} + b_hh):
//!   forward   i = σ(a_i), f = σ(a_f), g = tanh(a_g), o = σ(a_o)
//!             c_t = f ⊙ c_{t−1} + i ⊙ g,      h_t = o ⊙ tanh(c_t)
//!   saved     [i, f, g, o, c_t]  (5H per sample and step)
//!   backward  given dh (= ∂L/∂h_t, from the output and from step t+1) and dc (= ∂L/∂c_t from t+1):
//!             τ = tanh(c_t),  dc ← dc + dh ⊙ o ⊙ (1 − τ²)
//!             da_i = dc ⊙ g ⊙ i(1 − i),        da_f = dc ⊙ c_{t−1} ⊙ f(1 − f)
//!             da_g = dc ⊙ i ⊙ (1 − g²),         da_o = dh ⊙ τ ⊙ o(1 − o)
//!             ∂L/∂c_{t−1} = dc ⊙ f             (returned in `dc`)
//! da is the gradient of both xp and hp.
use downhill_tensor::Float;

/// Floats saved per sample and step, in units of H.
pub(crate) const SAVED: usize = 5;

fn sigmoid(x: Float) -> Float {
    1.0 / (1.0 + (-x).exp())
}

pub(crate) fn forward(xp: &[Float], hp: &[Float], c_prev: &[Float], h: &mut [Float], saved: &mut [Float]) {
    let n = h.len();
    for k in 0..n {
        let a = |gate: usize| xp[gate * n + k] + hp[gate * n + k];
        let (i, f, g, o) = (sigmoid(a(0)), sigmoid(a(1)), a(2).tanh(), sigmoid(a(3)));
        let c = f * c_prev[k] + i * g;
        h[k] = o * c.tanh();
        for (gate, v) in [i, f, g, o, c].into_iter().enumerate() {
            saved[gate * n + k] = v;
        }
    }
}

pub(crate) fn backward(dh: &[Float], c_prev: &[Float], saved: &[Float], dc: &mut [Float], da: &mut [Float]) {
    let n = dh.len();
    for k in 0..n {
        let s = |gate: usize| saved[gate * n + k];
        let (i, f, g, o, c) = (s(0), s(1), s(2), s(3), s(4));
        let tau = c.tanh();
        let dct = dc[k] + dh[k] * o * (1.0 - tau * tau);
        da[k] = dct * g * i * (1.0 - i);
        da[n + k] = dct * c_prev[k] * f * (1.0 - f);
        da[2 * n + k] = dct * i * (1.0 - g * g);
        da[3 * n + k] = dh[k] * tau * o * (1.0 - o);
        dc[k] = dct * f;
    }
}
