//! Elastic-net penalty `alpha * (r |p|_1 + (1 - r) / 2 |p|^2)` (sklearn's parametrisation, r = l1_ratio)
//! around any inner transform, with **exact zeros** from the proximal (soft-thresholding) step:
//!   u <- u + alpha (1 - r) p                 L2 part: coupled, before the inner transform
//!   u <- inner(u);   z = p + u               the inner transform's step (it ends with ScaleByLr)
//!   z <- sign(z) max(|z| - lr_t alpha r, 0)  L1 part: prox of lr_t * alpha * r * |.|_1
//!   u <- z - p                               so the optimizer's `p += u` lands exactly on z (0 -> 0)
//! `lr_t` is the inner transform's learning rate for this step (schedule and plateau factor included).
//! Proximal gradient descent (ISTA; Beck & Teboulle 2009) rather than sklearn's cumulative truncated
//! gradient: it needs no extra state and is exact for plain SGD. With adaptive inner steps (Adam) it is
//! only a heuristic: Adam moves every coordinate by ~lr regardless of gradient size, which dwarfs the
//! threshold `lr alpha r`, so noisy irrelevant weights need a large alpha to reach zero. Put clipping *in front* of this
//! transform (`chain![ClipByGlobalNorm(1.0), ElasticNet::l1(..)]`) so it sees only the loss gradient.
use crate::{Float, State, Tensor, Transform};

/// An L1/L2 penalty wrapped around `inner`.
///
/// ```
/// use downhill_optim::{sgd, ElasticNet, Optimizer, SgdOptions, Tensor};
/// let tx = ElasticNet::l1(1.0, sgd(SgdOptions { lr: 0.1, ..Default::default() }).unwrap());
/// let mut params = vec![Tensor::vector(vec![0.05, 1.0])];
/// let mut opt = Optimizer::new(tx, &params);
/// opt.step(&mut params, vec![Tensor::vector(vec![0.0, 0.0])]);
/// assert_eq!(params[0].data()[0], 0.0);              // |0.05| <= 0.1 * 1.0: exactly zero
/// assert!((params[0].data()[1] - 0.9).abs() < 1e-6); // shrunk by the threshold
/// ```
#[derive(Debug)]
pub struct ElasticNet<T> {
    /// Overall penalty strength (sklearn `alpha`); >= 0.
    pub alpha: f64,
    /// Share of L1 in the penalty, `r` in [0, 1] (sklearn `l1_ratio`): 1 is lasso, 0 ridge.
    pub l1_ratio: f64,
    /// The transform taking the step (its learning rate sets the L1 threshold).
    pub inner: T,
}

impl<T: Transform> ElasticNet<T> {
    /// The penalty `alpha * (l1_ratio |p|_1 + (1 - l1_ratio) / 2 |p|^2)` around `inner`.
    pub fn new(alpha: f64, l1_ratio: f64, inner: T) -> Self {
        ElasticNet { alpha, l1_ratio, inner }
    }
    /// Pure L1 (lasso): `l1_ratio = 1`.
    pub fn l1(alpha: f64, inner: T) -> Self {
        ElasticNet::new(alpha, 1.0, inner)
    }
}

impl<T: Transform> Transform for ElasticNet<T> {
    fn init(&self, params: &[Tensor]) -> State {
        State::wrapping(vec![self.inner.init(params)])
    }

    fn update(&self, updates: &mut [Tensor], state: &mut State, params: &[Tensor]) {
        let lr = self.inner.lr(&state.inner[0]).unwrap_or(0.0);
        let l2 = (self.alpha * (1.0 - self.l1_ratio)) as Float;
        if l2 != 0.0 {
            updates.iter_mut().zip(params).for_each(|(u, p)| u.update_with(p, |u, p| u + l2 * p));
        }
        self.inner.update(updates, &mut state.inner[0], params);
        let tau = (lr * self.alpha * self.l1_ratio) as Float;
        for (u, p) in updates.iter_mut().zip(params) {
            u.update_with(p, |u, p| {
                let z = p + u;
                let shrunk = (z.abs() - tau).max(0.0);
                if shrunk == 0.0 {
                    -p
                } else {
                    z.signum() * shrunk - p
                }
            });
        }
        state.count += 1;
    }

    fn lr(&self, state: &State) -> Option<f64> {
        self.inner.lr(&state.inner[0])
    }

    fn scale_lr(&self, state: &mut State, factor: f64) {
        self.inner.scale_lr(&mut state.inner[0], factor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ScaleByLr;

    #[test]
    fn l2_part_is_coupled_and_l1_part_thresholds() {
        // alpha 1, r 0.5, lr 0.1, p = 1, g = 0: u = -0.1 * 0.5 * 1 = -0.05, z = 0.95, minus 0.05 -> 0.9
        let tx = ElasticNet::new(1.0, 0.5, ScaleByLr::constant(0.1));
        let params = [Tensor::vector(vec![1.0])];
        let mut state = tx.init(&params);
        let mut u = vec![Tensor::vector(vec![0.0])];
        tx.update(&mut u, &mut state, &params);
        assert!((u[0].data()[0] + 0.1).abs() < 1e-6, "{:?}", u[0].data());
    }
}
