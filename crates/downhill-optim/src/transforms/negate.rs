//! `maximize` as torch has it: negate the gradient first, `g <- -g`, then run the usual minimiser.
use crate::blocks::{self, Target};
use crate::transforms::scale_by_lr::Scale;
use crate::{Gradient, Kernel, State, Tensor, Transform};

/// Flips the sign of the updates, turning a minimiser into a maximiser when placed first.
#[derive(Clone, Copy, Debug, Default)]
pub struct Negate;

impl Transform for Negate {
    fn init(&self, _params: &[Tensor]) -> State {
        State::empty()
    }
    fn update(&self, updates: &mut [Tensor], state: &mut State, params: &[Tensor]) {
        blocks::run(self, updates, state, Target::Updates(params));
    }
    fn is_elementwise(&self) -> bool {
        true
    }
    fn begin_step(&self, state: &mut State) -> Option<Box<dyn Kernel>> {
        state.count += 1;
        Some(Box::new(Scale(-1.0)))
    }
    fn takes_rows(&self) -> bool {
        true
    }
    fn update_rows(&self, updates: &mut [Gradient], state: &mut State, _params: &[Tensor]) {
        state.count += 1;
        updates.iter_mut().for_each(|u| u.values_mut().map_inplace(|x| -x));
    }
}
