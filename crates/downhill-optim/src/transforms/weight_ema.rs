//! An exponential moving average of the weights around any transform, as torch's
//! `AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(decay))` keeps it when
//! `update_parameters` follows every `optimizer.step()`:
//!   step 1:   ema <- p_1
//!   step t:   ema <- lerp(ema, p_t, 1 − decay)
//! with p_t the parameters after step t and torch's float32 `lerp(a, b, w)`: a + w·(b − a) for
//! w < 0.5, else b − (b − a)·(1 − w). The steps themselves are the inner transform's, unchanged;
//! the average is slot 0 (saved and resumed with the rest), the inner state `inner[0]`.
use crate::{Chain, Float, State, Tensor, Transform};

const EMA: usize = 0;
const INNER: usize = 0;

/// `inner`, with a moving average of the parameters it produces.
#[derive(Debug)]
pub struct WeightEma {
    /// The transform taking the steps.
    pub inner: Chain,
    /// Weight of the old average, in [0, 1] (torch `decay`, e.g. 0.999).
    pub decay: f64,
}

impl WeightEma {
    /// The average in a `WeightEma` link's state, once a step has been taken.
    pub fn average(state: &State) -> Option<&[Tensor]> {
        (state.count > 0).then(|| &state.slots[EMA][..])
    }

    /// The wrapped chain's state.
    pub fn inner_state(state: &State) -> &State {
        &state.inner[INNER]
    }
}

impl Transform for WeightEma {
    fn init(&self, params: &[Tensor]) -> State {
        State { inner: vec![self.inner.init(params)], ..State::zeros_like(params, 1) }
    }

    fn update(&self, updates: &mut [Tensor], state: &mut State, params: &[Tensor]) {
        self.inner.update(updates, &mut state.inner[INNER], params);
        state.count += 1;
        let first = state.count == 1;
        let w = (1.0 - self.decay) as Float;
        for ((u, p), ema) in updates.iter().zip(params).zip(&mut state.slots[EMA]) {
            let (u, p, ema) = (u.data(), p.data(), ema.data_mut());
            for j in 0..u.len() {
                let new = p[j] + u[j]; // the step, as the optimizer's `p += u` applies it
                ema[j] = match (first, w < 0.5) {
                    (true, _) => new,
                    (false, true) => ema[j] + w * (new - ema[j]),
                    (false, false) => new - (new - ema[j]) * (1.0 - w),
                };
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
    fn the_average_starts_at_the_first_step_and_follows_the_steps() {
        // SGD lr 1 on g = 1 from p = 0: p_t = −t. decay 0.5: ema_1 = −1, ema_2 = −1.5, ema_3 = −2.25;
        // the parameters move exactly as without the average.
        let tx = WeightEma { inner: chain![ScaleByLr::constant(1.0)], decay: 0.5 };
        let mut p = vec![Tensor::vector(vec![0.0])];
        let mut state = tx.init(&p);
        assert!(WeightEma::average(&state).is_none());
        let mut seen = vec![];
        for _ in 0..3 {
            let mut u = vec![Tensor::vector(vec![1.0])];
            tx.update(&mut u, &mut state, &p);
            p[0].add_scaled(&u[0], 1.0);
            seen.push((p[0].data()[0], WeightEma::average(&state).unwrap()[0].data()[0]));
        }
        // Exact: halves of small integers.
        assert_eq!(seen, vec![(-1.0, -1.0), (-2.0, -1.5), (-3.0, -2.25)]);
        assert_eq!(tx.lr(&state), Some(1.0));
    }
}
