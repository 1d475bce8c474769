//! One step of torch's `nn.GRU` for one sample, gate order (r, z, n) as torch's weight rows.
//! xp = W_ih·x_t + b_ih and hp = W_hh·h_{t−1} + b_hh (3H each) stay apart because of the n gate:
//!   forward   r = σ(xp_r + hp_r),  z = σ(xp_z + hp_z),  n = tanh(xp_n + r ⊙ hp_n)
//!             h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}
//!   saved     [r, z, n, hp_n]  (4H per sample and step)
//!   backward  given dh = ∂L/∂h_t:
//!             dn = dh ⊙ (1 − z) ⊙ (1 − n²)                        (gradient of n's pre-activation)
//!             dz = dh ⊙ (h_{t−1} − n) ⊙ z(1 − z)
//!             dr = dn ⊙ hp_n ⊙ r(1 − r)
//!             ∂L/∂xp = [dr, dz, dn],   ∂L/∂hp = [dr, dz, dn ⊙ r]
//!             ∂L/∂h_{t−1} = dh ⊙ z  +  (∂L/∂hp)·W_hh   (the first term returned in `direct`)
use downhill_tensor::fast_math::{sigmoid, tanh};
use downhill_tensor::Float;

/// Floats saved per sample and step, in units of H.
pub(crate) const SAVED: usize = 4;

pub(crate) fn forward(xp: &[Float], hp: &[Float], h_prev: &[Float], h: &mut [Float], saved: &mut [Float]) {
    let m = h.len();
    for k in 0..m {
        let r = sigmoid(xp[k] + hp[k]);
        let z = sigmoid(xp[m + k] + hp[m + k]);
        let hn = hp[2 * m + k];
        let n = tanh(xp[2 * m + k] + r * hn);
        h[k] = (1.0 - z) * n + z * h_prev[k];
        for (slot, v) in [r, z, n, hn].into_iter().enumerate() {
            saved[slot * m + k] = v;
        }
    }
}

/// Writes ∂L/∂xp into `dxp`, ∂L/∂hp into `dhp` and dh ⊙ z into `direct`.
pub(crate) fn backward(
    dh: &[Float],
    h_prev: &[Float],
    saved: &[Float],
    dxp: &mut [Float],
    dhp: &mut [Float],
    direct: &mut [Float],
) {
    let m = dh.len();
    for k in 0..m {
        let s = |slot: usize| saved[slot * m + k];
        let (r, z, n, hn) = (s(0), s(1), s(2), s(3));
        let dn = dh[k] * (1.0 - z) * (1.0 - n * n);
        let dz = dh[k] * (h_prev[k] - n) * z * (1.0 - z);
        let dr = dn * hn * r * (1.0 - r);
        (dxp[k], dxp[m + k], dxp[2 * m + k]) = (dr, dz, dn);
        (dhp[k], dhp[m + k], dhp[2 * m + k]) = (dr, dz, dn * r);
        direct[k] = dh[k] * z;
    }
}
