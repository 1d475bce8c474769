//! Embedding table, torch's `nn.Embedding(num_embeddings, embedding_dim, padding_idx)`:
//!   y[n, t, :] = W[x[n, t], :]              W: [num_embeddings, embedding_dim], x: token ids
//!   dW[i, :]   = Σ_{(n, t): x[n, t] = i} dy[n, t, :]   for i ≠ padding_idx;  dW[padding_idx, :] = 0
//! The ids travel in the input tensor as f32 (every tensor is f32), so each must be a whole number
//! in [0, num_embeddings); anything else is a programmer error at this level and panics naming the
//! value (the text pipeline builds the ids from its vocabulary, so they always are). W starts
//! N(0, 1) as torch's, its padding row zeroed. The backward is `gather_rows_frozen`'s scatter-add,
//! which gives dW as the looked-up rows only (`Gradient::Rows`, torch's `sparse=True` gradient):
//! the dense table is not made on the backward path (see `gather_rows.rs` for where it still is).
use crate::{Ctx, Module};
use downhill_autograd::{Param, ParamRole, Var};
use downhill_tensor::{Float, Rng, Tensor};

/// A table of learned vectors indexed by token id, torch's `nn.Embedding`: ids [N, T] (whole
/// numbers as f32) → [N, T, embedding_dim].
#[derive(Debug, Clone)]
pub struct Embedding {
    /// The table [num_embeddings, embedding_dim].
    pub weight: Param,
    /// The id whose row stays zero and gets no gradient (torch's `padding_idx`); `None` for none.
    pub padding_idx: Option<usize>,
}

impl Embedding {
    /// A table of `num_embeddings` rows of `embedding_dim`, drawn N(0, 1); the padding row zeroed.
    pub fn new(
        num_embeddings: usize,
        embedding_dim: usize,
        padding_idx: Option<usize>,
        rng: &mut Rng,
    ) -> Self {
        let mut w = Tensor::rand_normal([num_embeddings, embedding_dim], 0.0, 1.0, rng);
        if let Some(p) = padding_idx {
            w.data_mut()[p * embedding_dim..(p + 1) * embedding_dim].fill(0.0);
        }
        Embedding { weight: Param::with_role("weight", ParamRole::Table, w), padding_idx }
    }

    /// Rows of the table: ids run `0..num_embeddings`.
    pub fn num_embeddings(&self) -> usize {
        self.weight.value.rows()
    }
    /// Length of each vector.
    pub fn embedding_dim(&self) -> usize {
        self.weight.value.cols()
    }

    /// The row index of each id in `x`, or why one is not a valid id.
    pub fn ids(&self, x: &Tensor) -> Result<Vec<usize>, String> {
        let n = self.num_embeddings();
        x.data()
            .iter()
            .map(|&v| match v.fract() == 0.0 && v >= 0.0 && v < n as Float {
                true => Ok(v as usize),
                false => Err(format!("embedding: token id {v} is not a whole number in [0, {n})")),
            })
            .collect()
    }
}

impl Module for Embedding {
    /// [N, T] ids → [N, T, embedding_dim] (any leading shape: one row of W per id).
    fn forward<'t>(&mut self, cx: &Ctx<'t>, x: Var<'t>) -> Var<'t> {
        let shape = x.shape();
        let ids = self.ids(&x.value()).unwrap_or_else(|e| panic!("{e}"));
        let rows = cx.param(&self.weight).gather_rows_frozen(ids, self.padding_idx);
        let dims: Vec<usize> = shape.dims().iter().copied().chain([self.embedding_dim()]).collect();
        rows.reshape(dims.as_slice())
    }
    fn params(&self) -> Vec<&Param> {
        vec![&self.weight]
    }
    fn params_mut(&mut self) -> Vec<&mut Param> {
        vec![&mut self.weight]
    }
    fn describe(&self) -> String {
        let pad = self.padding_idx.map_or(String::new(), |p| format!(", padding_idx={p}"));
        format!("Embedding({}, {}{pad})", self.num_embeddings(), self.embedding_dim())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_autograd::{gradcheck_many, Tape};
    use downhill_testing::assert_close;

    #[test]
    fn looks_up_rows_and_keeps_the_time_axis() {
        let mut e = Embedding::new(5, 3, Some(1), &mut Rng::seed(3));
        // The padding row starts at zero (exact: filled, not computed).
        assert_eq!(&e.weight.value.data()[3..6], &[0.0, 0.0, 0.0]);
        let tape = Tape::new();
        let x = tape.leaf(Tensor::from_rows(&[[4.0, 1.0, 4.0], [0.0, 2.0, 3.0]]).unwrap());
        let y = e.forward(&Ctx::train(&tape, 0), x);
        assert_eq!(y.shape().dims(), &[2, 3, 3]);
        let w = e.weight.value.clone();
        assert_eq!(&y.value().data()[0..3], &w.data()[12..15]); // exact copies
        let g = tape.backward(y.sum());
        let dw = g.get(&e.weight).unwrap();
        // Row 4 is looked up twice, the padding row 1 gets nothing: counts of 1s, exact.
        let expected = [1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 2.0, 2.0, 2.0];
        assert_close("dW", dw.data(), &expected, 1e-6);
    }

    #[test]
    fn gradient_matches_central_differences() {
        let table = Tensor::rand_normal([6, 4], 0.0, 1.0, &mut Rng::seed(9));
        let r = Tensor::rand_normal([2, 3, 4], 0.0, 1.0, &mut Rng::seed(10));
        // The weighted sum Σ y·r, so every output has its own gradient r.
        gradcheck_many(
            |xs| (xs[0].gather_rows_frozen(vec![5, 0, 5, 2, 3, 1], None).reshape([2, 3, 4]) * xs[1]).sum(),
            &[table, r],
        );
    }

    #[test]
    #[should_panic(expected = "token id 2.5 is not a whole number in [0, 5)")]
    fn a_fractional_or_out_of_range_id_is_named() {
        let mut e = Embedding::new(5, 2, None, &mut Rng::seed(0));
        let tape = Tape::new();
        e.forward(&Ctx::eval(&tape), tape.leaf(Tensor::from_rows(&[[1.0, 2.5]]).unwrap()));
    }
}
