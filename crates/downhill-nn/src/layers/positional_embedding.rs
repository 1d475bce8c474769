//! Learned positional embedding (GPT's `wpe`; in torch an `nn.Embedding(max_len, E)` indexed by
//! position and added): x [N, T, E] → x + W[0..T], W [max_len, E] drawn N(0, 1) as `nn.Embedding`.
//! T may be shorter than max_len (a short prompt when generating); dW[t] = Σ_n dy[n, t].
use crate::{Ctx, Module};
use downhill_autograd::{Param, ParamRole, Var};
use downhill_tensor::{Rng, Tensor};

/// Adds a learned vector per position: [N, T, E] → [N, T, E], for T ≤ `max_len`.
#[derive(Debug, Clone)]
pub struct PositionalEmbedding {
    /// The table [max_len, E]; row t is added at position t.
    pub weight: Param,
}

impl PositionalEmbedding {
    /// A table of `max_len` positions of `dim` features, drawn N(0, 1) from `rng`.
    pub fn new(max_len: usize, dim: usize, rng: &mut Rng) -> PositionalEmbedding {
        let w = Tensor::rand_normal([max_len, dim], 0.0, 1.0, rng);
        PositionalEmbedding { weight: Param::with_role("weight", ParamRole::Table, w) }
    }
}

impl Module for PositionalEmbedding {
    fn forward<'t>(&mut self, cx: &Ctx<'t>, x: Var<'t>) -> Var<'t> {
        let (s, max_len) = (x.shape(), self.weight.value.rows());
        let fits = |d: &[usize]| d.len() == 3 && d[1] <= max_len && d[2] == self.weight.value.cols();
        assert!(fits(s.dims()), "positional_embedding: input {s} for a table {}", self.weight.value.shape());
        let (t, w) = (s.dims()[1], cx.param(&self.weight));
        x + if t == max_len { w } else { w.narrow(0, 0..t) }
    }
    fn params(&self) -> Vec<&Param> {
        vec![&self.weight]
    }
    fn params_mut(&mut self) -> Vec<&mut Param> {
        vec![&mut self.weight]
    }
    fn describe(&self) -> String {
        let w = self.weight.value.dims();
        format!("PositionalEmbedding({} positions, {})", w[0], w[1])
    }
}
