//! Flatten (torch's `nn.Flatten()`): [N, d1, d2, ...] → [N, d1·d2·...], a reshape (no copy);
//! the gradient is reshaped back.
use crate::{Ctx, Module};
use downhill_autograd::{Param, Var};

/// Flattens every axis but the first, torch's `nn.Flatten()`: [N, d1, d2, ...] → [N, d1·d2·...].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Flatten;

impl Module for Flatten {
    fn forward<'t>(&mut self, _cx: &Ctx<'t>, x: Var<'t>) -> Var<'t> {
        let shape = x.shape();
        let n = shape.dims().first().copied().unwrap_or(1);
        x.reshape([n, shape.numel() / n.max(1)])
    }
    fn params(&self) -> Vec<&Param> {
        vec![]
    }
    fn params_mut(&mut self) -> Vec<&mut Param> {
        vec![]
    }
    fn describe(&self) -> String {
        "Flatten".into()
    }
}
