//! The normalisations in evaluation mode:
//!   batch_norm1d/2d  y = γ (x − running_mean) / sqrt(running_var + eps) + β, per channel (axis 1)
//!                    → BatchNormalization (inference form); γ = 1, β = 0 without `affine`
//!   layer_norm       y = γ (x − μ) / sqrt(σ² + eps) + β over the last k per-sample dimensions
//!                    (μ, biased σ² per sample) → LayerNormalization (opset 17) with axis = −k;
//!                    γ = 1 without `elementwise_affine`, no B without a bias
//! Parameters: `weight` (γ), `bias` (β); batch norm's buffers `running_mean`, `running_var`.
use crate::attr;
use crate::graph::Graph;
use crate::params::Params;
use downhill_nn::spec::layers::LayerNormSpec;

/// torch's `nn.BatchNorm1d`/`nn.BatchNorm2d` in evaluation, over channel axis 1.
pub(crate) fn batch_norm(
    g: &mut Graph,
    p: &Params,
    x: &str,
    input: &[usize],
    eps: f64,
    affine: bool,
) -> Result<String, String> {
    let c = [input[0]];
    let scale = match p.optional("weight", &c, affine)? {
        Some(w) => g.tensor("weight", w),
        None => g.floats("weight", &c, &vec![1.0; c[0]]),
    };
    let shift = match p.optional("bias", &c, affine)? {
        Some(b) => g.tensor("bias", b),
        None => g.floats("bias", &c, &vec![0.0; c[0]]),
    };
    let mean = g.tensor("running_mean", p.get("running_mean", &c)?);
    let var = g.tensor("running_var", p.get("running_var", &c)?);
    let eps = attr::float("epsilon", eps);
    Ok(g.op("BatchNormalization", &[x, &scale, &shift, &mean, &var], vec![eps]))
}

/// torch's `nn.LayerNorm` over the last `normalized_dims` per-sample dimensions.
pub(crate) fn layer_norm(
    g: &mut Graph,
    p: &Params,
    s: &LayerNormSpec,
    x: &str,
    input: &[usize],
) -> Result<String, String> {
    let k = s.normalized_dims.unwrap_or(input.len());
    let shape = &input[input.len() - k..];
    let numel = shape.iter().product();
    let scale = match p.optional("weight", shape, s.elementwise_affine)? {
        Some(w) => g.tensor("weight", w),
        None => g.floats("weight", shape, &vec![1.0; numel]),
    };
    let shift = p.optional("bias", shape, s.elementwise_affine && s.bias)?;
    let shift = shift.map(|b| g.tensor("bias", b));
    Ok(normalize(g, x, k, &scale, shift.as_deref(), s.eps))
}

/// LayerNormalization of `x` over its last `k` axes, with constants `scale` and `shift`.
pub(crate) fn normalize(
    g: &mut Graph,
    x: &str,
    k: usize,
    scale: &str,
    shift: Option<&str>,
    eps: f64,
) -> String {
    let mut inputs = vec![x, scale];
    inputs.extend(shift);
    let attributes = vec![attr::int("axis", -(k as i64)), attr::float("epsilon", eps)];
    g.op("LayerNormalization", &inputs, attributes)
}
