//! Lookahead (Zhang et al. 2019, "Lookahead Optimizer: k steps forward, 1 step back") around any
//! transform, as timm's `timm.optim.Lookahead` (1.0.31) computes it. The parameters are the fast
//! weights the inner optimizer steps; every k-th step t (t = k, 2k, ...), after the inner step:
//!   slow <- fast (t = k: timm creates the slow weights then, so that sync changes nothing)
//!   slow <- slow + alpha (fast - slow);  fast <- slow          (t = 2k, 3k, ...)
//! The paper starts the slow weights at the initial parameters; timm's lazy start is followed here.
//! The slow weights are slot 0, the inner state `inner[0]`: saved and resumed with the rest.
use crate::{Chain, Float, State, Tensor, Transform};

const SLOW: usize = 0;
const INNER: usize = 0;

/// `inner` with Lookahead's slow weights synchronised every `k` steps.
#[derive(Debug)]
pub struct Lookahead {
    /// The fast optimizer.
    pub inner: Chain,
    /// Inner steps between two syncs of the slow weights; 0 is treated as 1.
    pub k: usize,
    /// Fraction the slow weights move towards the fast ones at each sync, in [0, 1].
    pub alpha: f64,
}

impl Lookahead {
    /// The wrapped chain's state inside a `Lookahead` link's state.
    pub fn inner_state(state: &State) -> &State {
        &state.inner[INNER]
    }
}

impl Transform for Lookahead {
    fn init(&self, params: &[Tensor]) -> State {
        State { inner: vec![self.inner.init(params)], ..State::zeros_like(params, 1) }
    }

    fn update(&self, updates: &mut [Tensor], state: &mut State, params: &[Tensor]) {
        self.inner.update(updates, &mut state.inner[INNER], params);
        state.count += 1;
        if !state.count.is_multiple_of(self.k.max(1) as u64) {
            return;
        }
        let first = state.count == self.k as u64;
        let alpha = self.alpha as Float;
        for ((u, p), slow) in updates.iter_mut().zip(params).zip(&mut state.slots[SLOW]) {
            let (u, p, slow) = (u.data_mut(), p.data(), slow.data_mut());
            for j in 0..u.len() {
                let fast = p[j] + u[j]; // the inner step, as the optimizer's `p += u` applies it
                if first {
                    slow[j] = fast;
                } else {
                    slow[j] += alpha * (fast - slow[j]);
                    u[j] = slow[j] - p[j];
                }
            }
        }
    }

    fn lr(&self, state: &State) -> Option<f64> {
        self.inner.lr(&state.inner[INNER])
    }

    fn scale_lr(&self, state: &mut State, factor: f64) {
        self.inner.scale_lr(&mut state.inner[INNER], factor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ScaleByLr;

    #[test]
    fn every_kth_step_pulls_the_fast_weights_to_the_slow_ones() {
        // SGD lr 1 on g = 1 (each inner step is -1), k = 2, alpha 0.5, from p = 0:
        // t=1: -1; t=2: -2, first sync: slow = -2, p stays; t=3: -3; t=4: fast -4,
        // slow = -2 + 0.5 (-4 + 2) = -3, p = -3; t=5: -4; t=6: fast -5, slow = -4, p = -4.
        let tx = Lookahead { inner: chain![ScaleByLr::constant(1.0)], k: 2, alpha: 0.5 };
        let mut p = vec![Tensor::vector(vec![0.0])];
        let mut state = tx.init(&p);
        let mut seen = vec![];
        for _ in 0..6 {
            let mut u = vec![Tensor::vector(vec![1.0])];
            tx.update(&mut u, &mut state, &p);
            p[0].add_scaled(&u[0], 1.0);
            seen.push(p[0].data()[0]);
        }
        // Exact: sums and halves of small integers.
        assert_eq!(seen, vec![-1.0, -2.0, -3.0, -3.0, -4.0, -4.0]);
        assert_eq!(tx.lr(&state), Some(1.0));
    }
}
