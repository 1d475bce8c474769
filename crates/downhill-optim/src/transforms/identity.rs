//! The identity transform: `u <- u`. The neutral element of `Chain` (a law tested in chain_laws).
use crate::{State, Tensor, Transform};

/// Leaves updates unchanged.
#[derive(Clone, Copy, Debug, Default)]
pub struct Identity;

impl Transform for Identity {
    fn init(&self, _params: &[Tensor]) -> State {
        State::empty()
    }
    fn update(&self, _updates: &mut [Tensor], state: &mut State, _params: &[Tensor]) {
        state.count += 1;
    }
}
