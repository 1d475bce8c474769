//! The identity transform: `u <- u`. The neutral element of `Chain` (a law tested in chain_laws).
use crate::{Float, Gradient, Kernel, State, Tensor, Transform};

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
    fn is_elementwise(&self) -> bool {
        true
    }
    fn begin_step(&self, state: &mut State) -> Option<Box<dyn Kernel>> {
        state.count += 1;
        Some(Box::new(Nothing))
    }
    fn takes_rows(&self) -> bool {
        true
    }
    fn update_rows(&self, _updates: &mut [Gradient], state: &mut State, _params: &[Tensor]) {
        state.count += 1;
    }
}

struct Nothing;

impl Kernel for Nothing {
    fn apply(&self, _u: &mut [Float], _p: &[Float], _slots: &mut [&mut [Float]]) {}
}
