//! Max and average pooling layers, torch's `nn.MaxPool2d` and `nn.AvgPool2d` (the ops and their
//! backward: `downhill-autograd`'s `max_pool2d` and `avg_pool2d`), and `nn.AdaptiveAvgPool2d`.
use crate::spec::layers::Window;
use crate::{Ctx, Module};
use downhill_autograd::{Param, Pool2d as Geometry, Var};

/// What a pooling window computes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PoolKind {
    /// The window's largest value (padding counts as −∞), torch's `MaxPool2d`.
    Max,
    /// The window's mean, padding zeros included (torch's `AvgPool2d`, `count_include_pad=True`).
    Avg,
}

/// Max or average pooling over [N, C, H, W] → [N, C, OH, OW], each channel on its own; no
/// parameters.
#[derive(Clone, Copy, Debug)]
pub struct Pool2d {
    kind: PoolKind,
    geometry: Geometry,
}

impl Pool2d {
    /// A pooling layer with `window`'s kernel, stride and padding.
    pub fn new(kind: PoolKind, window: Window) -> Pool2d {
        let geometry = Geometry {
            kernel: window.kernel.tuple(),
            stride: window.stride.tuple(),
            padding: window.padding.tuple(),
        };
        Pool2d { kind, geometry }
    }
}

impl Module for Pool2d {
    fn forward<'t>(&mut self, _cx: &Ctx<'t>, x: Var<'t>) -> Var<'t> {
        match self.kind {
            PoolKind::Max => x.max_pool2d(self.geometry),
            PoolKind::Avg => x.avg_pool2d(self.geometry),
        }
    }
    fn params(&self) -> Vec<&Param> {
        vec![]
    }
    fn params_mut(&mut self) -> Vec<&mut Param> {
        vec![]
    }
    fn describe(&self) -> String {
        let (k, s) = (self.geometry.kernel, self.geometry.stride);
        format!("{:?}Pool2d({}x{}, stride {}x{})", self.kind, k.0, k.1, s.0, s.1)
    }
    fn is_max_pool(&self) -> bool {
        self.kind == PoolKind::Max
    }
}

/// Averages each channel into `output` = (oh, ow) bins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AdaptiveAvgPool2d {
    /// (OH, OW): the output's height and width, whatever the input's (torch's `output_size`).
    pub output: (usize, usize),
}

impl Module for AdaptiveAvgPool2d {
    fn forward<'t>(&mut self, _cx: &Ctx<'t>, x: Var<'t>) -> Var<'t> {
        x.adaptive_avg_pool2d(self.output)
    }
    fn params(&self) -> Vec<&Param> {
        vec![]
    }
    fn params_mut(&mut self) -> Vec<&mut Param> {
        vec![]
    }
    fn describe(&self) -> String {
        format!("AdaptiveAvgPool2d({}x{})", self.output.0, self.output.1)
    }
}
