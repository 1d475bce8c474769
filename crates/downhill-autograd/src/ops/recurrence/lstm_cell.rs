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
//! da is the gradient of both xp and hp. σ and tanh are downhill-tensor's `fast_math` (branch-free,
//! within 3e-7 of f64), so each loop below vectorises; each is compiled for AVX-512 and AVX2 too.
use downhill_tensor::fast_math::{sigmoid, tanh};
use downhill_tensor::{multiversion, Float};

/// Floats saved per sample and step, in units of H.
pub(crate) const SAVED: usize = 5;

/// The four gate blocks of H values of `a`.
fn gates(a: &[Float], n: usize) -> [&[Float]; 4] {
    [&a[..n], &a[n..2 * n], &a[2 * n..3 * n], &a[3 * n..4 * n]]
}

multiversion! {
    pub(crate) fn forward(xp: &[Float], hp: &[Float], c_prev: &[Float], h: &mut [Float], saved: &mut [Float]) -> () {
        let n = h.len();
        let ([xi, xf, xg, xo], [pi, pf, pg, po], c_prev) = (gates(xp, n), gates(hp, n), &c_prev[..n]);
        let (si, rest) = saved[..SAVED * n].split_at_mut(n);
        let (sf, rest) = rest.split_at_mut(n);
        let (sg, rest) = rest.split_at_mut(n);
        let (so, sc) = rest.split_at_mut(n);
        for k in 0..n {
            let (i, f) = (sigmoid(xi[k] + pi[k]), sigmoid(xf[k] + pf[k]));
            let (g, o) = (tanh(xg[k] + pg[k]), sigmoid(xo[k] + po[k]));
            let c = f * c_prev[k] + i * g;
            h[k] = o * tanh(c);
            (si[k], sf[k], sg[k], so[k], sc[k]) = (i, f, g, o, c);
        }
    }
}

multiversion! {
    pub(crate) fn backward(dh: &[Float], c_prev: &[Float], saved: &[Float], dc: &mut [Float], da: &mut [Float]) -> () {
        let n = dh.len();
        let ([si, sf, sg, so], sc, c_prev, dc) = (gates(saved, n), &saved[4 * n..5 * n], &c_prev[..n], &mut dc[..n]);
        let (dai, rest) = da[..4 * n].split_at_mut(n);
        let (daf, rest) = rest.split_at_mut(n);
        let (dag, dao) = rest.split_at_mut(n);
        for k in 0..n {
            let (i, f, g, o, tau) = (si[k], sf[k], sg[k], so[k], tanh(sc[k]));
            let dct = dc[k] + dh[k] * o * (1.0 - tau * tau);
            dai[k] = dct * g * i * (1.0 - i);
            daf[k] = dct * c_prev[k] * f * (1.0 - f);
            dag[k] = dct * i * (1.0 - g * g);
            dao[k] = dh[k] * tau * o * (1.0 - o);
            dc[k] = dct * f;
        }
    }
}
