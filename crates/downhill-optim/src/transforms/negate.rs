//! `maximize` as torch has it: negate the gradient first, `g <- -g`, then run the usual minimiser.
use crate::{State, Tensor, Transform};

/// Flips the sign of the updates, turning a minimiser into a maximiser when placed first.
#[derive(Clone, Copy, Debug, Default)]
pub struct Negate;

impl Transform for Negate {
    fn init(&self, _params: &[Tensor]) -> State {
        State::empty()
    }
    fn update(&self, updates: &mut [Tensor], state: &mut State, _params: &[Tensor]) {
        updates.iter_mut().for_each(|u| u.map_inplace(|x| -x));
        state.count += 1;
    }
}
