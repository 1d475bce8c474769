//! Layer normalisation (Ba et al. 2016), torch's `nn.LayerNorm` over every per-sample value:
//!   μ, σ² = mean and biased variance of each sample;  y = γ ⊙ (x − μ) / sqrt(σ² + eps) + β
//! One fused op (`downhill-autograd`'s `layer_norm`) that saves μ and 1/sqrt(σ² + eps) for backward.
use crate::{Ctx, Module};
use downhill_autograd::{Param, ParamRole, Var};
use downhill_tensor::{Float, Tensor};

/// Layer normalisation over each sample's trailing `shape`, torch's `nn.LayerNorm`; the input is
/// [..., shape] and keeps its shape.
#[derive(Debug, Clone)]
pub struct LayerNorm {
    /// γ of the normalised shape, torch's `weight` (starts at 1); `None` without `affine`.
    pub gamma: Option<Param>,
    /// β of the normalised shape, torch's `bias` (starts at 0); `None` without `affine` or `bias`.
    pub beta: Option<Param>,
    shape: Vec<usize>,
    eps: f64,
}

impl LayerNorm {
    /// Over per-sample `shape` (torch's `normalized_shape`), `eps` added to the variance (torch's
    /// default 1e-5); γ = 1 (with `affine`) and β = 0 (with `affine` and `bias`), as torch.
    pub fn new(shape: &[usize], eps: f64, affine: bool, bias: bool) -> LayerNorm {
        let gamma =
            affine.then(|| Param::with_role("weight", ParamRole::Scale, Tensor::ones(shape.to_vec())));
        let beta = (affine && bias)
            .then(|| Param::with_role("bias", ParamRole::Shift, Tensor::zeros(shape.to_vec())));
        LayerNorm { gamma, beta, shape: shape.to_vec(), eps }
    }
}

impl Module for LayerNorm {
    fn forward<'t>(&mut self, cx: &Ctx<'t>, x: Var<'t>) -> Var<'t> {
        let normalized = self.shape.iter().product();
        let gamma = self.gamma.as_ref().map(|g| cx.param(g));
        let beta = self.beta.as_ref().map(|b| cx.param(b));
        x.layer_norm(gamma, beta, normalized, self.eps as Float)
    }
    fn params(&self) -> Vec<&Param> {
        self.gamma.iter().chain(self.beta.as_ref()).collect()
    }
    fn params_mut(&mut self) -> Vec<&mut Param> {
        self.gamma.iter_mut().chain(self.beta.as_mut()).collect()
    }
    fn describe(&self) -> String {
        format!("LayerNorm({:?})", self.shape)
    }
}
