//! Small patterns every layer group wires: reshapes with the batch dimension left free (`-1`;
//! every other dimension is fixed by the model's input shape), transposes, slices and the
//! fully-connected product over the last axis.
use crate::attr;
use crate::graph::Graph;
use downhill_tensor::Tensor;

/// `x` reshaped to [N, ...per_sample].
pub(crate) fn batch_reshape(g: &mut Graph, x: &str, per_sample: &[usize]) -> String {
    let dims: Vec<i64> = std::iter::once(-1).chain(per_sample.iter().map(|&d| d as i64)).collect();
    reshape(g, x, &dims)
}

/// `x` reshaped to `dims` (one of them may be −1: inferred).
pub(crate) fn reshape(g: &mut Graph, x: &str, dims: &[i64]) -> String {
    let shape = g.ints("shape", &[dims.len()], dims);
    g.op("Reshape", &[x, &shape], vec![])
}

/// `x` with its axes permuted by `perm`.
pub(crate) fn transpose(g: &mut Graph, x: &str, perm: &[i64]) -> String {
    g.op("Transpose", &[x], vec![attr::ints("perm", perm)])
}

/// `x[..., start..end, ...]` along `axis`.
pub(crate) fn slice(g: &mut Graph, x: &str, axis: i64, start: usize, end: usize) -> String {
    let starts = g.ints("starts", &[1], &[start as i64]);
    let ends = g.ints("ends", &[1], &[end as i64]);
    let axes = g.ints("axes", &[1], &[axis]);
    g.op("Slice", &[x, &starts, &ends, &axes], vec![])
}

/// The weights of a fully-connected product: W [out, in] as torch's `nn.Linear`, b [out], and the
/// name their constants take in the layer's scope (`""`, or a part such as `linear1`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Dense<'a> {
    pub name: &'a str,
    pub weight: &'a Tensor,
    pub bias: Option<&'a Tensor>,
}

impl Dense<'_> {
    fn hint(&self, what: &str) -> String {
        match self.name {
            "" => what.to_string(),
            name => format!("{name}.{what}"),
        }
    }
}

/// x·Wᵀ + b over the last axis of `x`, whose rank (batch included) is `rank`. Rows ([N, in])
/// become one `Gemm` (transB = 1); higher ranks a `MatMul` with Wᵀ stored transposed, then an
/// `Add` of b.
pub(crate) fn linear(g: &mut Graph, x: &str, rank: usize, d: Dense) -> String {
    let bias = d.bias.map(|b| (d.hint("bias"), b));
    if rank == 2 {
        let w = g.tensor(&d.hint("weight"), d.weight);
        let mut inputs = vec![x.to_string(), w];
        inputs.extend(bias.map(|(hint, b)| g.tensor(&hint, b)));
        let inputs: Vec<&str> = inputs.iter().map(String::as_str).collect();
        return g.op("Gemm", &inputs, vec![attr::int("transB", 1)]);
    }
    let wt = g.tensor(&d.hint("weight_t"), &d.weight.transpose());
    let y = g.op("MatMul", &[x, &wt], vec![]);
    match bias {
        Some((hint, b)) => {
            let b = g.tensor(&hint, b);
            g.op("Add", &[&y, &b], vec![])
        }
        None => y,
    }
}
