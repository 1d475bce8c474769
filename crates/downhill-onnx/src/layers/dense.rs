//! `linear`, `flatten` and `reparameterize` (dropout and identity write no node: both are the
//! identity in evaluation).
//!   linear          y = x·Wᵀ + b over the last axis   → Gemm (transB = 1), or MatMul + Add
//!   flatten         [N, d1, d2, ...] → [N, d1·d2·...]  → Flatten (axis 1)
//!   reparameterize  [mean, log-variance] → mean in evaluation → Slice of the first half
use crate::graph::Graph;
use crate::params::Params;
use crate::wire;
use downhill_nn::spec::layers::LinearSpec;

/// torch's `nn.Linear`: W [out, in], b [out] as `weight`, `bias`.
pub(crate) fn linear(
    g: &mut Graph,
    p: &Params,
    s: &LinearSpec,
    x: &str,
    input: &[usize],
) -> Result<String, String> {
    let inputs = *input.last().ok_or("needs an input with a last dimension")?;
    let out = s.out_features.ok_or("its output size was never set")?;
    let weight = p.get("weight", &[out, inputs])?;
    let bias = p.optional("bias", &[out], s.bias)?;
    Ok(wire::linear(g, x, input.len() + 1, wire::Dense { name: "", weight, bias }))
}

/// Each sample as one vector.
pub(crate) fn flatten(g: &mut Graph, x: &str, input: &[usize]) -> String {
    match input.len() {
        1 => x.to_string(),
        _ => g.op("Flatten", &[x], vec![crate::attr::int("axis", 1)]),
    }
}

/// A VAE's code in evaluation: the mean, the first half of each sample's 2L values.
pub(crate) fn reparameterize(g: &mut Graph, x: &str, input: &[usize]) -> String {
    wire::slice(g, x, 1, 0, input[0] / 2)
}
