//! The descent step: `u <- -lr_t * s * u`, where `lr_t = lr.at(t)` follows the schedule and `s`
//! (saved in `scalars[SCALE]`, starts at 1) is the product of every `scale_lr` factor so far
//! (ReduceOnPlateau). It is the last link of every preset, so changing lr mid-run matches torch,
//! where `lr` multiplies the finished update.
use crate::blocks::{self, Target};
use crate::fused::StageKind;
use crate::{Float, Gradient, Kernel, Lr, Stage, State, Tensor, Transform};
use downhill_tensor::vectorized;

const SCALE: usize = 0;

/// Multiplies updates by the negated (scheduled) learning rate.
///
/// ```
/// use downhill_optim::{Lr, ScaleByLr, StepLr, Tensor, Transform};
/// let tx = ScaleByLr::new(Lr::new(StepLr { base: 0.5, step_size: 1, gamma: 0.5 }));
/// let mut state = tx.init(&[]);
/// for want in [-0.5, -0.25] {
///     let mut u = vec![Tensor::vector(vec![1.0])];
///     tx.update(&mut u, &mut state, &[]);
///     assert!((u[0].data()[0] - want).abs() < 1e-7);
/// }
/// ```
#[derive(Clone, Debug)]
pub struct ScaleByLr {
    /// The rate for each step (a constant or a schedule).
    pub lr: Lr,
}

impl ScaleByLr {
    /// `-lr_t` times the update, `lr_t` from `lr` (an `f64` or an [`Lr`]).
    pub fn new(lr: impl Into<Lr>) -> ScaleByLr {
        ScaleByLr { lr: lr.into() }
    }
    /// A constant rate `lr`.
    pub fn constant(lr: f64) -> ScaleByLr {
        ScaleByLr::new(lr)
    }

    /// The rate of the step about to run, advancing the count as `update` does. For transforms
    /// whose step is not the rate times an update (Rprop, ASGD, Adafactor): they hold a
    /// `ScaleByLr` as their rate source and apply the rate themselves, so schedules and plateau
    /// factors reach them as they reach every other preset.
    pub(crate) fn advance(&self, state: &mut State) -> f64 {
        let lr = self.lr.at(state.count) * state.scalars[SCALE];
        state.count += 1;
        lr
    }
}

impl Transform for ScaleByLr {
    fn init(&self, _params: &[Tensor]) -> State {
        State { scalars: vec![1.0], ..State::empty() }
    }

    fn update(&self, updates: &mut [Tensor], state: &mut State, params: &[Tensor]) {
        blocks::run(self, updates, state, Target::Updates(params));
    }

    fn is_elementwise(&self) -> bool {
        true
    }

    fn begin_step(&self, state: &mut State) -> Option<Box<dyn Kernel>> {
        Some(Box::new(Scale(-self.advance(state) as Float)))
    }

    fn lr(&self, state: &State) -> Option<f64> {
        Some(self.lr.at(state.count) * state.scalars[SCALE])
    }

    fn scale_lr(&self, state: &mut State, factor: f64) {
        state.scalars[SCALE] *= factor;
    }

    /// A row update is scaled row by row: the rate touches no other row.
    fn takes_rows(&self) -> bool {
        true
    }

    fn update_rows(&self, updates: &mut [Gradient], state: &mut State, _params: &[Tensor]) {
        let c = -self.advance(state) as Float;
        updates.iter_mut().for_each(|u| u.values_mut().map_inplace(|x| x * c));
    }
}

/// `u <- c * u`.
pub(crate) struct Scale(pub Float);

impl Kernel for Scale {
    fn apply(&self, u: &mut [Float], _p: &[Float], _slots: &mut [&mut [Float]]) {
        let c = self.0;
        vectorized(|| u.iter_mut().for_each(|x| *x *= c));
    }

    fn stages(&self) -> Option<Vec<Stage>> {
        Some(vec![Stage(StageKind::Scale(self.0))])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_testing::assert_close;

    #[test]
    fn scale_lr_multiplies_the_schedule_from_now_on() {
        let tx = ScaleByLr::constant(0.1);
        let mut state = tx.init(&[]);
        tx.scale_lr(&mut state, 0.5);
        // 0.1 · 0.5: one f64 product, 1e-12.
        assert_close("scaled lr", &[tx.lr(&state).unwrap()], &[0.05], 1e-12);
        let mut u = vec![Tensor::vector(vec![2.0])];
        tx.update(&mut u, &mut state, &[]);
        assert!((u[0].data()[0] + 0.1).abs() < 1e-7);
    }
}
