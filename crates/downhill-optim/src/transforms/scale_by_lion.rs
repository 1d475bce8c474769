//! Lion (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms"), as the reference
//! implementation `lion-pytorch` computes it: the sign of an interpolation of momentum and
//! gradient, then the momentum's own update with a second decay:
//!   c = b1 m + (1 - b1) g;   u = sign(c) (0 where c = 0);   m <- b2 m + (1 - b2) g
use crate::{Float, State, Tensor, Transform};

/// Lion's sign update; the rate and (decoupled) weight decay are links around it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScaleByLion {
    /// Interpolation of momentum and gradient inside the sign (`betas[0]`).
    pub b1: f64,
    /// Decay of the momentum (`betas[1]`).
    pub b2: f64,
}

impl Transform for ScaleByLion {
    fn init(&self, params: &[Tensor]) -> State {
        State::zeros_like(params, 1)
    }

    fn update(&self, updates: &mut [Tensor], state: &mut State, _params: &[Tensor]) {
        state.count += 1;
        let (b1, b2) = (self.b1 as Float, self.b2 as Float);
        let (b1_c, b2_c) = ((1.0 - self.b1) as Float, (1.0 - self.b2) as Float);
        let [ms] = state.slots_mut();
        for (g, m) in updates.iter_mut().zip(ms) {
            for (g, m) in g.data_mut().iter_mut().zip(m.data_mut()) {
                let c = *m * b1 + b1_c * *g;
                *m = *m * b2 + b2_c * *g;
                *g = if c == 0.0 { 0.0 } else { c.signum() };
            }
        }
    }
}

super::cycled_momentum::beta1_is_momentum!(ScaleByLion);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_update_is_the_sign_and_the_momentum_decays_with_b2() {
        let tx = ScaleByLion { b1: 0.9, b2: 0.99 };
        let params = [Tensor::vector(vec![0.0; 3])];
        let mut state = tx.init(&params);
        let mut u = vec![Tensor::vector(vec![-4.0, 0.0, 1e-30])];
        tx.update(&mut u, &mut state, &params);
        // m = 0: c = 0.1 g, so u = sign(g) with sign(0) = 0; then m = 0.01 g.
        assert_eq!(u[0].data(), &[-1.0, 0.0, 1.0]); // exact: signs are exactly -1, 0, 1
        let m = state.slots[0][0].data();
        assert!((m[0] + 0.04).abs() < 1e-7 && m[1] == 0.0, "{m:?}");
        // Second step, g = +1 against m = -0.04: c = 0.9 (-0.04) + 0.1 = 0.064 > 0.
        let mut u = vec![Tensor::vector(vec![1.0, 0.0, 0.0])];
        tx.update(&mut u, &mut state, &params);
        assert!((u[0].data()[0] - 1.0).abs() < 1e-7);
    }
}
