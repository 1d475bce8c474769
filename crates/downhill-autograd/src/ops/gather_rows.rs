//! Embedding lookup: y[k] = table[indices[k]] along the first axis, repeats allowed
//! (torch `embedding(indices, table)` / `index_select(table, 0, indices)`).
//!   dtable[i] = Σ_{k: indices[k] = i} dy[k]   (scatter-add; the indices get no gradient)
//! With a frozen row p (torch's `padding_idx`), the lookups of row p add nothing: dtable[p] = 0.
//!
//! Sparse: the table gradient is its looked-up rows only (`SparseRows`, rows sorted and summed over
//! repeats, torch's coalesced `nn.Embedding(sparse=True)` gradient), O(k log k + k·cols) for k
//! lookups whatever the table's size; the frozen row is left out. The dense [rows, cols] table is
//! never made on the backward path. It is still made, explicitly, where every value is needed:
//! when the table is itself computed by ops (their backward reads a dense dy, backward.rs), when
//! a dense gradient of the same parameter meets it (a penalty on the weights, a tied output layer),
//! by `Grads::get`/`take` for their callers, and by a dense optimizer (Adam decays every row's
//! moments every step, as torch's does with a dense gradient), which scatters the rows into a
//! buffer it reuses across steps (`Optimizer::step_gradients`).
use crate::{InputGrads, Op, Var};
use downhill_tensor::{Gradient, SparseRows, Tensor};

/// The indices, and the row whose lookups get no gradient.
pub(crate) struct GatherRows(pub Vec<usize>, pub Option<usize>);

impl Op for GatherRows {
    fn name(&self) -> &'static str {
        "gather_rows"
    }
    fn forward(&mut self, xs: &[&Tensor]) -> Tensor {
        xs[0].gather_rows(&self.0)
    }
    fn backward(&self, xs: &[&Tensor], _y: &Tensor, dy: &Tensor) -> InputGrads {
        let rows = SparseRows::from_lookups(xs[0].shape(), &self.0, dy, self.1);
        [Some(Gradient::from(rows))].into()
    }
}

impl<'t> Var<'t> {
    /// Rows `indices` of `self` (along the first axis) in order, repeats allowed; panics on an
    /// index out of bounds.
    pub fn gather_rows(self, indices: Vec<usize>) -> Var<'t> {
        assert!(self.shape().rank() >= 1, "gather_rows: needs at least one axis, got a scalar");
        self.unary(GatherRows(indices, None))
    }

    /// `gather_rows`, except that row `frozen` gets no gradient from its lookups (an embedding's
    /// `padding_idx`).
    pub fn gather_rows_frozen(self, indices: Vec<usize>, frozen: Option<usize>) -> Var<'t> {
        assert!(self.shape().rank() >= 1, "gather_rows: needs at least one axis, got a scalar");
        self.unary(GatherRows(indices, frozen))
    }
}

#[cfg(test)]
mod tests {
    use crate::{gradcheck, Gradient, Param, ParamRole, Tape, Tensor};
    use downhill_tensor::Rng;
    use downhill_testing::assert_close;

    #[test]
    fn a_large_table_keeps_only_its_looked_up_rows() {
        // 100,000 x 64 (25.6 MB dense); 8 lookups of 6 distinct rows.
        let table = Param::with_role("emb", ParamRole::Table, Tensor::zeros([100_000, 64]));
        let tape = Tape::new();
        let ids = vec![99_999, 7, 42, 7, 0, 5_000, 42, 12_345];
        let y = tape.param(&table).gather_rows(ids);
        let mut grads = tape.backward(y.sum());
        let Some(Gradient::Rows(rows)) = grads.gradient(&table) else { panic!("a dense table gradient") };
        assert_eq!(rows.rows(), &[0, 7, 42, 5_000, 12_345, 99_999]);
        assert_eq!((rows.values().dims(), rows.shape().dims()), (&[6, 64][..], &[100_000, 64][..]));
        // Rows 7 and 42 are looked up twice: 1 + 1, exact.
        assert_eq!(&rows.values().data()[64..66], &[2.0, 2.0]);
        assert!(matches!(grads.take_gradient(&table), Some(Gradient::Rows(r)) if r.rows().len() == 6));
    }

    #[test]
    fn uses_of_one_table_merge_their_rows_and_the_padding_row_has_none() {
        let table = Param::with_role("emb", ParamRole::Table, Tensor::ones([6, 2]));
        let tape = Tape::new();
        let w = tape.param(&table);
        let a = w.gather_rows_frozen(vec![3, 1, 3, 5], Some(5)).sum();
        let b = (tape.param(&table).gather_rows(vec![1, 2]) * 3.0).sum();
        let grads = tape.backward(a + b);
        let g = grads.gradient(&table).and_then(Gradient::as_rows).expect("rows");
        assert_eq!(g.rows(), &[1, 2, 3]);
        // Row 1: 1 + 3, row 2: 3, row 3: 1 + 1, padding row 5 absent; small integers, exact.
        assert_eq!(g.values().data(), &[4.0, 4.0, 3.0, 3.0, 2.0, 2.0]);
        let dense = [0.0, 0.0, 4.0, 4.0, 3.0, 3.0, 2.0, 2.0, 0.0, 0.0, 0.0, 0.0];
        assert_eq!(grads.get(&table).map(Tensor::data), Some(&dense[..]));
    }

    #[test]
    fn gradient_matches_central_differences() {
        let table = Tensor::rand_normal([5, 3], 0.0, 1.0, &mut Rng::seed(44));
        gradcheck(|t| t.gather_rows(vec![4, 0, 4, 2, 4]), &table);
        gradcheck(|t| t.gather_rows(vec![]), &table);
        // Row 4 frozen: central differences of the function see its values move the output, so
        // the check runs on the rows that are not frozen only, by never looking row 4 up.
        gradcheck(|t| t.gather_rows_frozen(vec![3, 0, 3, 2], Some(4)), &table);
    }

    #[test]
    fn a_frozen_row_gets_no_gradient_but_is_still_read() {
        let tape = Tape::new();
        let t = tape.watch(Tensor::from_rows(&[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]).unwrap());
        let y = t.gather_rows_frozen(vec![2, 0, 2, 1], Some(2));
        // Exact: gathering only copies rows.
        assert_eq!(y.value().data(), &[5.0, 6.0, 1.0, 2.0, 5.0, 6.0, 3.0, 4.0]);
        let g = tape.backward(y.sum());
        // Sums of one gradient of 1 per lookup, row 2 left out: exact.
        assert_close("frozen row", g.wrt(t).unwrap().data(), &[1.0, 1.0, 1.0, 1.0, 0.0, 0.0], 1e-6);
    }

    #[test]
    fn repeated_rows_accumulate_gradient() {
        let tape = Tape::new();
        let t = tape.watch(Tensor::from_rows(&[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]).unwrap());
        let y = t.gather_rows(vec![2, 0, 2]);
        // Exact: gathering only copies rows.
        assert_eq!(y.value().data(), &[5.0, 6.0, 1.0, 2.0, 5.0, 6.0]);
        let g = tape.backward(y.sum());
        // Row 2 sums two gradients of 1: one f32 addition, 1e-6.
        assert_close("scattered gradient", g.wrt(t).unwrap().data(), &[1.0, 1.0, 0.0, 0.0, 2.0, 2.0], 1e-6);
    }
}
