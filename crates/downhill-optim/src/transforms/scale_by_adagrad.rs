//! Adagrad (Duchi et al. 2011) as `torch.optim.Adagrad` computes it:
//!   s <- s + g^2  (s starts at `initial_accumulator_value`)
//!   u <- g / (sqrt(s) + eps) / (1 + (t - 1) lr_decay)
//! torch's `clr = lr / (1 + (t - 1) lr_decay)`; the `lr` factor comes from the `ScaleByLr` link.
use crate::{Float, State, Tensor, Transform};

/// Divides by the root of the summed squared gradients, with torch's lr decay.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScaleByAdagrad {
    /// Decay of the rate over steps, `1 / (1 + (t - 1) lr_decay)` (torch `lr_decay`).
    pub lr_decay: f64,
    /// Starting value of the squared-gradient sum (torch `initial_accumulator_value`).
    pub initial_accumulator_value: f64,
    /// Added to `sqrt(s)` (torch `eps`).
    pub eps: f64,
}

impl Transform for ScaleByAdagrad {
    fn init(&self, params: &[Tensor]) -> State {
        State::full_like(params, 1, self.initial_accumulator_value as Float)
    }

    fn update(&self, updates: &mut [Tensor], state: &mut State, _params: &[Tensor]) {
        state.count += 1;
        let decay = (1.0 / (1.0 + (state.count - 1) as f64 * self.lr_decay)) as Float;
        let eps = self.eps as Float;
        let [sums] = state.slots_mut();
        for (g, s) in updates.iter_mut().zip(sums) {
            s.update_with(g, |s, g| s + g * g);
            g.update_with(s, |g, s| g / (s.sqrt() + eps) * decay);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lr_decay_divides_from_the_second_step() {
        let tx = ScaleByAdagrad { lr_decay: 1.0, initial_accumulator_value: 0.0, eps: 0.0 };
        let params = [Tensor::vector(vec![0.0])];
        let mut state = tx.init(&params);
        let mut out = vec![];
        for _ in 0..2 {
            let mut u = vec![Tensor::vector(vec![1.0])];
            tx.update(&mut u, &mut state, &params);
            out.push(u[0].data()[0]);
        }
        // t=1: 1 / 1 / 1;  t=2: 1 / sqrt(2) / 2
        assert!((out[0] - 1.0).abs() < 1e-6 && (out[1] - 0.5 / 2f32.sqrt()).abs() < 1e-6, "{out:?}");
    }
}
