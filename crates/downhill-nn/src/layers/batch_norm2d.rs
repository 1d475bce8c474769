//! Batch normalisation per channel of [N, C, H, W] images, torch's `nn.BatchNorm2d`: the same layer
//! as `BatchNorm1d` (its statistics run over every axis but the channel axis), named for images.
use crate::{BatchNorm1d, Buffer, Ctx, Module, NnError};
use downhill_autograd::{Param, Var};

/// Batch normalisation of [N, C, H, W] images per channel C, torch's `nn.BatchNorm2d`; parameters
/// and buffers are those of the wrapped [`BatchNorm1d`].
#[derive(Debug, Clone)]
pub struct BatchNorm2d(pub BatchNorm1d);

impl BatchNorm2d {
    /// `channels` channels, options as [`BatchNorm1d::with_options`] (torch's defaults: momentum
    /// 0.1, eps 1e-5, affine, so γ = 1, β = 0).
    pub fn with_options(
        channels: usize,
        momentum: f64,
        eps: f64,
        affine: bool,
    ) -> Result<BatchNorm2d, NnError> {
        BatchNorm1d::with_options(channels, momentum, eps, affine).map(BatchNorm2d)
    }
}

impl Module for BatchNorm2d {
    fn forward<'t>(&mut self, cx: &Ctx<'t>, x: Var<'t>) -> Var<'t> {
        self.0.forward(cx, x)
    }
    fn params(&self) -> Vec<&Param> {
        self.0.params()
    }
    fn params_mut(&mut self) -> Vec<&mut Param> {
        self.0.params_mut()
    }
    fn buffers(&self) -> Vec<&Buffer> {
        self.0.buffers()
    }
    fn buffers_mut(&mut self) -> Vec<&mut Buffer> {
        self.0.buffers_mut()
    }
    fn cumulative_stats(&mut self, on: bool) -> bool {
        self.0.cumulative_stats(on)
    }
    fn describe(&self) -> String {
        self.0.describe().replacen("BatchNorm1d", "BatchNorm2d", 1)
    }
}
