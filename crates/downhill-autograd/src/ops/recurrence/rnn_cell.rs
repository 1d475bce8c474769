//! One step of torch's `nn.RNN` for one sample, given the step's two projections
//! xp = W_ih·x_t + b_ih and hp = W_hh·h_{t−1} + b_hh (H values each):
//!   forward   h_t = act(xp + hp),          act = tanh or relu
//!   backward  da = dh ⊙ act'(a),           tanh'(a) = 1 − h_t²,  relu'(a) = [h_t > 0]
//! da is the gradient of both xp and hp; act' is read from h_t, so nothing else is saved.
//! (relu' at exactly 0 is 0, as torch.)
use downhill_tensor::Float;

pub(crate) fn forward(xp: &[Float], hp: &[Float], relu: bool, h: &mut [Float]) {
    for ((h, &x), &p) in h.iter_mut().zip(xp).zip(hp) {
        *h = if relu { (x + p).max(0.0) } else { downhill_tensor::fast_math::tanh(x + p) };
    }
}

pub(crate) fn backward(dh: &[Float], h: &[Float], relu: bool, da: &mut [Float]) {
    for ((da, &g), &h) in da.iter_mut().zip(dh).zip(h) {
        *da = match relu {
            true if h > 0.0 => g,
            true => 0.0,
            false => g * (1.0 - h * h),
        };
    }
}
