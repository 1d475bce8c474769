//! Stochastic weight averaging (Izmailov et al. 2018) around any transform, as torch's
//! `AveragedModel(model)` keeps it (default averaging: equal weights) in the recipe of
//! `torch.optim.swa_utils`, `update_parameters(model)` once per epoch, after its last step, from
//! epoch `first_epoch` on (1-based, as training numbers epochs). With P = `steps_per_epoch`:
//!   after step t, if t % P == 0 and t / P >= first_epoch:
//!     n == 0:  avg <- p_t          else:  avg <- avg + (p_t − avg) / (n + 1)          n <- n + 1
//! in float32, as torch's `get_swa_avg_fn` runs on the CPU; p_t are the parameters after step t.
//! The steps themselves are the inner transform's, unchanged. The average is slot 0 and n is
//! `scalars[0]` (saved and resumed with the rest), the inner state `inner[0]`.
use crate::{Chain, Float, State, Tensor, Transform};

const AVERAGE: usize = 0;
const N_AVERAGED: usize = 0;
const INNER: usize = 0;

/// `inner`, with the equal-weight average of the parameters at the end of each epoch from
/// `first_epoch` on.
#[derive(Debug)]
pub struct StochasticWeightAverage {
    /// The transform taking the steps.
    pub inner: Chain,
    /// Optimizer steps per epoch `P`: the average is updated after every `P`-th step.
    pub steps_per_epoch: u64,
    /// The first epoch averaged (1-based).
    pub first_epoch: u64,
}

impl StochasticWeightAverage {
    /// How many epochs' weights the average holds (torch's `n_averaged`).
    pub fn averaged(state: &State) -> u64 {
        state.scalars[N_AVERAGED] as u64
    }

    /// The average in a `StochasticWeightAverage` link's state, once an epoch has been averaged.
    pub fn average(state: &State) -> Option<&[Tensor]> {
        (StochasticWeightAverage::averaged(state) > 0).then(|| &state.slots[AVERAGE][..])
    }

    /// The wrapped chain's state.
    pub fn inner_state(state: &State) -> &State {
        &state.inner[INNER]
    }
}

impl Transform for StochasticWeightAverage {
    fn init(&self, params: &[Tensor]) -> State {
        State { inner: vec![self.inner.init(params)], scalars: vec![0.0], ..State::zeros_like(params, 1) }
    }

    fn update(&self, updates: &mut [Tensor], state: &mut State, params: &[Tensor]) {
        self.inner.update(updates, &mut state.inner[INNER], params);
        state.count += 1;
        let per = self.steps_per_epoch.max(1);
        if !state.count.is_multiple_of(per) || state.count / per < self.first_epoch {
            return;
        }
        let n = state.scalars[N_AVERAGED];
        let divisor = (n + 1.0) as Float;
        for ((u, p), avg) in updates.iter().zip(params).zip(&mut state.slots[AVERAGE]) {
            let (u, p, avg) = (u.data(), p.data(), avg.data_mut());
            for j in 0..u.len() {
                let new = p[j] + u[j]; // the step, as the optimizer's `p += u` applies it
                avg[j] = if n == 0.0 { new } else { avg[j] + (new - avg[j]) / divisor };
            }
        }
        state.scalars[N_AVERAGED] = n + 1.0;
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
    fn the_average_takes_the_last_step_of_each_epoch_from_the_first_averaged_one() {
        // SGD lr 1 on g = 1 from p = 0: p_t = −t. Two steps an epoch, averaging from epoch 2:
        // epoch 2 ends at p = −4 (average −4), epoch 3 at −6 (average −5), epoch 4 at −8 (−6).
        let tx = StochasticWeightAverage {
            inner: chain![ScaleByLr::constant(1.0)],
            steps_per_epoch: 2,
            first_epoch: 2,
        };
        let mut p = vec![Tensor::vector(vec![0.0])];
        let mut state = tx.init(&p);
        let mut seen = vec![];
        for _ in 0..8 {
            let mut u = vec![Tensor::vector(vec![1.0])];
            tx.update(&mut u, &mut state, &p);
            p[0].add_scaled(&u[0], 1.0);
            let avg = StochasticWeightAverage::average(&state).map(|a| a[0].data()[0]);
            seen.push((StochasticWeightAverage::averaged(&state), avg));
        }
        // Exact: small integers and their means.
        let want = [(0, None), (0, None), (0, None), (1, Some(-4.0))];
        assert_eq!(seen[..4], want);
        assert_eq!(seen[4..], [(1, Some(-4.0)), (2, Some(-5.0)), (2, Some(-5.0)), (3, Some(-6.0))]);
        assert_eq!(p[0].data(), &[-8.0], "the steps are the inner chain's");
        assert_eq!(tx.lr(&state), Some(1.0));
    }
}
