//! Products on blocks of wider row-major matrices, for kernels that work head by head and block by
//! block (attention): the operands are row ranges of strided views (`MatRef::row_range`), and the
//! result is written in place into a block whose rows start `row_stride` apart,
//!   C = alpha·A·B   with C(i, j) at c[i·row_stride + j],
//! instead of into a packed buffer that is then copied column by column into the wider matrix.
//! On the calling thread: the blocks are small, and the callers spread whole samples over threads.
use crate::{Float, MatRef};
use std::ops::Range;

impl<'a> MatRef<'a> {
    /// Rows `rows` of the view (no copy); panics when the range exceeds the view.
    pub fn row_range(self, rows: Range<usize>) -> MatRef<'a> {
        assert!(
            rows.start <= rows.end && rows.end <= self.rows,
            "matmul operand: rows {rows:?} of a view of {} rows",
            self.rows
        );
        if rows.is_empty() || self.cols == 0 {
            return MatRef { rows: rows.len(), ..self };
        }
        MatRef { data: &self.data[rows.start * self.row_stride..], rows: rows.len(), ..self }
    }
}

/// `c = alpha·a·b` into the `a.rows() × b.cols()` block of `c` whose rows start `row_stride` apart
/// (overwritten, never read), on the calling thread. Panics when the shapes do not fit or the block
/// exceeds `c`.
pub(crate) fn gemm_strided(alpha: Float, a: MatRef<'_>, b: MatRef<'_>, c: &mut [Float], row_stride: usize) {
    let (m, k, n) = (a.rows, a.cols, b.cols);
    assert!(k == b.rows, "matmul: inner dimensions differ: [{m}, {k}] · [{}, {n}]", b.rows);
    let end = if m == 0 || n == 0 { 0 } else { (m - 1) * row_stride + n };
    assert!(
        n <= row_stride && end <= c.len(),
        "matmul: {m} output rows of {n} values {row_stride} apart exceed {} values",
        c.len()
    );
    if m == 0 || n == 0 {
        return;
    }
    if k == 0 {
        c.chunks_mut(row_stride).take(m).for_each(|row| row[..n].fill(0.0)); // an empty sum
        return;
    }
    // Not `MatMut::from_row_major_slice_with_stride_mut`: faer 0.24.4 gives that view the strides
    // (1, row_stride), a column-major matrix.
    let c = &mut c[..end];
    // SAFETY: the assertion above proves every (i, j) with i < m, j < n addresses an element of `c`,
    // which stays mutably borrowed (so alive and unaliased) for the view's lifetime.
    let out = unsafe { faer::MatMut::from_raw_parts_mut(c.as_mut_ptr(), m, n, row_stride as isize, 1) };
    faer::linalg::matmul::matmul(out, faer::Accum::Replace, a.as_faer(), b.as_faer(), alpha, faer::Par::Seq);
    crate::simd::clear_upper_state();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{matmul_naive, Rng, Tensor};
    use downhill_testing::assert_close;

    #[test]
    fn a_block_product_lands_in_its_columns_and_leaves_the_rest() {
        let mut rng = Rng::seed(31);
        let a = Tensor::rand_normal([7, 5], 0.0, 1.0, &mut rng);
        let b = Tensor::rand_normal([9, 4], 0.0, 1.0, &mut rng);
        // Rows 2..6 of a times rows 3..8 of b: [4, 5]·[5, 4].
        let (a_rows, b_rows) = (MatRef::of(&a).row_range(2..6), MatRef::of(&b).row_range(3..8));
        let mut c = vec![7.0; 6 * 10];
        // Into columns 3..7 of rows 1..5 of a [6, 10] matrix.
        gemm_strided(2.0, a_rows, b_rows, &mut c[10 + 3..], 10);
        let want = matmul_naive(a_rows, b_rows);
        for i in 0..6 {
            for j in 0..10 {
                let inside = (1..5).contains(&i) && (3..7).contains(&j);
                let expect = if inside { 2.0 * want.data()[(i - 1) * 4 + j - 3] } else { 7.0 };
                // Sums of 5 products of N(0, 1) values in f32 against f64: 1e-5; outside, exact.
                assert_close(&format!("c[{i}][{j}]"), &[c[i * 10 + j]], &[expect], 1e-5);
            }
        }
    }

    #[test]
    fn transposed_row_ranges_read_the_right_values() {
        let x = Tensor::from_vec((0..12).map(|v| v as Float).collect(), [4, 3]).unwrap();
        // Rows 1..3 of xᵀ [3, 4] are x's columns 1 and 2: [[1, 4, 7, 10], [2, 5, 8, 11]].
        let v = MatRef::of(&x).t().row_range(1..3);
        assert_eq!((v.rows(), v.cols(), v.get(0, 3), v.get(1, 0)), (2, 4, 10.0, 2.0));
    }

    #[test]
    fn an_empty_inner_dimension_writes_zeros() {
        let (a, b) = (Tensor::zeros([2, 0]), Tensor::zeros([0, 2]));
        let mut c = vec![Float::NAN; 5];
        gemm_strided(1.0, MatRef::of(&a), MatRef::of(&b), &mut c, 3);
        // Exact: an empty sum is 0; c[2] lies between the rows and stays NaN.
        assert_eq!(&c[..2], &[0.0, 0.0]);
        assert!(c[2].is_nan() && c[3] == 0.0 && c[4] == 0.0);
    }
}
