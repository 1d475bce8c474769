//! Embedding lookup: y[k] = table[indices[k]] along the first axis, repeats allowed
//! (torch `embedding(indices, table)` / `index_select(table, 0, indices)`).
//!   dtable = zeros; dtable[indices[k]] += dy[k] for every k   (scatter-add; the indices get no gradient)
//! With a frozen row p (torch's `padding_idx`), the lookups of row p add nothing: dtable[p] = 0.
//! The table gradient is dense ([rows, cols], zeros where no index points): rows × cols floats per
//! step, which for a character vocabulary (~65 rows) is smaller than the lookups' own gradient.
use crate::{InputGrads, Op, Var};
use downhill_tensor::Tensor;

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
        let mut dx = Tensor::zeros_like(xs[0]);
        let per = dx.numel() / dx.dims()[0].max(1);
        let out = dx.data_mut();
        for (k, &i) in self.0.iter().enumerate().filter(|&(_, &i)| Some(i) != self.1) {
            let src = &dy.data()[k * per..(k + 1) * per];
            out[i * per..(i + 1) * per].iter_mut().zip(src).for_each(|(d, &g)| *d += g);
        }
        [Some(dx)].into()
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
    use crate::{gradcheck, Tape, Tensor};
    use downhill_tensor::Rng;
    use downhill_testing::assert_close;

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
