//! A residual block (He et al. 2016): y = body(x) + shortcut(x), the shortcut being the identity
//! or a projection given by the description (`spec/layers/residual.rs`). The gradient reaches x
//! through both paths and adds up.
use crate::{Buffer, Ctx, Mode, Module, Sequential};
use downhill_autograd::{Param, Var};

/// y = body(x) + shortcut(x), the shortcut the identity or a projection (for a body that changes
/// the shape); parameters are the body's, then the projection's.
pub struct Residual {
    body: Sequential,
    projection: Option<Box<dyn Module>>,
}

impl std::fmt::Debug for Residual {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

impl Residual {
    /// `body` names its children `body.{i}`; `projection` (if any) is named `projection`.
    pub fn new(body: Sequential, projection: Option<Box<dyn Module>>) -> Residual {
        Residual { body, projection }
    }
}

impl Module for Residual {
    fn forward<'t>(&mut self, cx: &Ctx<'t>, x: Var<'t>) -> Var<'t> {
        let shortcut = match self.projection.as_mut() {
            Some(p) => p.forward(cx, x),
            None => x,
        };
        self.body.forward(cx, x) + shortcut
    }
    fn params(&self) -> Vec<&Param> {
        let projection = self.projection.iter().flat_map(|p| p.params());
        self.body.params().into_iter().chain(projection).collect()
    }
    fn params_mut(&mut self) -> Vec<&mut Param> {
        let projection = self.projection.iter_mut().flat_map(|p| p.params_mut());
        self.body.params_mut().into_iter().chain(projection).collect()
    }
    fn buffers(&self) -> Vec<&Buffer> {
        self.body.buffers()
    }
    fn buffers_mut(&mut self) -> Vec<&mut Buffer> {
        self.body.buffers_mut()
    }
    fn describe(&self) -> String {
        let shortcut = self.projection.as_ref().map_or("identity".to_string(), |p| p.describe());
        format!("Residual({} + {shortcut})", self.body.describe())
    }
    fn carry_state(&mut self, on: bool) {
        self.body.carry_state(on);
    }
    fn reset_state(&mut self, mode: Mode) {
        self.body.reset_state(mode);
    }
    fn cumulative_stats(&mut self, on: bool) -> bool {
        let projection = self.projection.as_mut().is_some_and(|p| p.cumulative_stats(on));
        self.body.cumulative_stats(on) | projection
    }
}
