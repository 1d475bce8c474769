//! A momentum coefficient that follows a schedule, as torch `OneCycleLR(cycle_momentum=True)` sets
//! it before every step: for step t (counted from 0, the same index as the learning rate)
//!   SGD, RMSprop: mu_t = s(t)          links with a beta1 (the Adam family): b1_t = s(t), b2 unchanged
//! and the wrapped link then runs step t with that value, so Adam's bias correction is
//! 1 - b1_t^t with the current b1_t, as in torch. The state is the wrapped link's own (same slots,
//! same count), so saved optimizer states load either way; the per-step constants stay plain
//! values, so the fused loop is unchanged.
use crate::{Gradient, State, Tensor, Transform};
use crate::{Kernel, Lr, Momentum};

/// A link whose momentum (SGD's `mu`, Adam's `b1`) can be replaced for one step.
pub trait WithMomentum: Transform + Clone {
    /// The same link with momentum coefficient `mu`.
    fn with_momentum(&self, mu: f64) -> Self;
}

/// `inner` with its momentum read from `momentum` at the step about to run.
///
/// ```
/// use downhill_optim::{CycledMomentum, Lr, Momentum, Tensor, Transform};
/// // mu 0.5 on the second step: b2 = 0.5 * 1 + 1
/// let tx = CycledMomentum { inner: Momentum::Classic { mu: 0.0, dampening: 0.0 }, momentum: Lr::from(0.5) };
/// let mut state = tx.init(&[Tensor::vector(vec![0.0])]);
/// for want in [1.0, 1.5] {
///     let mut u = vec![Tensor::vector(vec![1.0])];
///     tx.update(&mut u, &mut state, &[]);
///     assert!((u[0].data()[0] - want).abs() < 1e-7);
/// }
/// ```
#[derive(Clone, Debug)]
pub struct CycledMomentum<T> {
    /// The link whose momentum is replaced (e.g. [`Momentum`], [`ScaleByAdam`](crate::ScaleByAdam)).
    pub inner: T,
    /// The momentum for each step (e.g. [`OneCycle::momentum`](crate::OneCycle::momentum)).
    pub momentum: Lr,
}

impl<T: WithMomentum> CycledMomentum<T> {
    /// The wrapped link as it runs the step after `state.count` steps.
    fn current(&self, state: &State) -> T {
        self.inner.with_momentum(self.momentum.at(state.count))
    }
}

impl<T: WithMomentum + std::fmt::Debug> Transform for CycledMomentum<T> {
    fn init(&self, params: &[Tensor]) -> State {
        self.inner.init(params)
    }

    fn update(&self, updates: &mut [Tensor], state: &mut State, params: &[Tensor]) {
        self.current(state).update(updates, state, params)
    }

    // A link that holds its rate (Schedule-Free) reports and scales it through the wrapper.
    fn lr(&self, state: &State) -> Option<f64> {
        self.inner.lr(state)
    }

    fn scale_lr(&self, state: &mut State, factor: f64) {
        self.inner.scale_lr(state, factor)
    }

    fn is_elementwise(&self) -> bool {
        self.inner.is_elementwise()
    }

    fn begin_step(&self, state: &mut State) -> Option<Box<dyn Kernel>> {
        self.current(state).begin_step(state)
    }

    fn takes_rows(&self) -> bool {
        self.inner.takes_rows()
    }

    fn update_rows(&self, updates: &mut [Gradient], state: &mut State, params: &[Tensor]) {
        self.current(state).update_rows(updates, state, params)
    }
}

/// `inner` as a link, cycled when `momentum` is given (how the presets apply `cycled_momentum`).
pub(crate) fn maybe_cycled<T>(inner: T, momentum: Option<Lr>) -> Box<dyn Transform>
where
    T: WithMomentum + std::fmt::Debug + 'static,
{
    match momentum {
        Some(momentum) => Box::new(CycledMomentum { inner, momentum }),
        None => Box::new(inner),
    }
}

impl WithMomentum for Momentum {
    fn with_momentum(&self, mu: f64) -> Self {
        match *self {
            Momentum::Classic { dampening, .. } => Momentum::Classic { mu, dampening },
            Momentum::Nesterov { .. } => Momentum::Nesterov { mu },
        }
    }
}

/// `impl WithMomentum` for a link whose `b1` is its momentum (the Adam family, Lion); each link's
/// own file says so, so adding a link touches no list here.
macro_rules! beta1_is_momentum {
    ($t:ty) => {
        impl $crate::WithMomentum for $t {
            fn with_momentum(&self, b1: f64) -> Self {
                Self { b1, ..*self }
            }
        }
    };
}
pub(crate) use beta1_is_momentum;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{OneCycle, ScaleByAdam};

    #[test]
    fn adam_bias_correction_uses_the_current_beta1() {
        // g = 1 with b1 held at 0.5: m_t = 1 - 0.5^t, so m_hat = m_t / (1 - 0.5^t) = 1 = sqrt(v_hat);
        // a bias correction with the default 0.9 instead would give (1 - 0.5^t) / (1 - 0.9^t) != 1.
        let tx = CycledMomentum { inner: ScaleByAdam::default(), momentum: Lr::from(0.5) };
        let params = [Tensor::vector(vec![0.0])];
        let mut state = tx.init(&params);
        for _ in 0..2 {
            let mut u = vec![Tensor::vector(vec![1.0])];
            tx.update(&mut u, &mut state, &params);
            assert!((u[0].data()[0] - 1.0).abs() < 1e-6, "{:?}", u[0].data());
        }
        assert_eq!(state.count, 2);
    }

    #[test]
    fn one_cycle_momentum_is_read_at_the_step_about_to_run() {
        // torch total_steps 10: 0.95 at step 0, then 0.90 at step 1.
        let m = OneCycle::new(1.0, 10).momentum();
        let tx =
            CycledMomentum { inner: Momentum::Classic { mu: 0.0, dampening: 0.0 }, momentum: Lr::new(m) };
        let mut state = tx.init(&[Tensor::vector(vec![0.0])]);
        let mut out = vec![];
        for _ in 0..2 {
            let mut u = vec![Tensor::vector(vec![1.0])];
            tx.update(&mut u, &mut state, &[]);
            out.push(u[0].data()[0]);
        }
        // b1 = 1; b2 = mu_1 * 1 + 1 with mu_1 = 0.9
        assert!((out[0] - 1.0).abs() < 1e-7 && (out[1] - 1.9).abs() < 1e-6, "{out:?}");
    }
}
