//! Matrix multiplication `C = alpha * A·B + beta * C` through the `faer` crate.
//!
//! Operands are strided views (`MatRef`), so the products backprop needs, Aᵀ·B and A·Bᵀ, read the
//! stored matrices with swapped strides instead of materialising transposes. Why faer: on this
//! project's layer shapes it was the fastest pure-Rust kernel measured (single thread 135-165 GFLOP/s
//! against 115-140 for `matrixmultiply` and 80 for `gemm` without its x86-v4 feature; see README).
//! faer splits work across threads with no size cut-off, and a fork-join costs microseconds, so we
//! decide ourselves: products below m·n·k = `PARALLEL_WORK` run on the calling thread, larger ones
//! in blocks of the output, one single-threaded product per thread (`in_pieces`).
use crate::{Float, Shape, Tensor};

/// A read-only strided matrix view: element (i, j) is `data[i * row_stride + j * col_stride]`.
#[derive(Clone, Copy, Debug)]
pub struct MatRef<'a> {
    pub(crate) data: &'a [Float],
    pub(crate) rows: usize,
    pub(crate) cols: usize,
    pub(crate) row_stride: usize,
    pub(crate) col_stride: usize,
}

impl<'a> MatRef<'a> {
    /// Views a 2-D tensor; panics for other ranks.
    pub fn of(t: &'a Tensor) -> MatRef<'a> {
        t.expect_matrix("matmul operand");
        MatRef { data: t.data(), rows: t.rows(), cols: t.cols(), row_stride: t.cols(), col_stride: 1 }
    }
    /// Views `data` as a row-major `rows × cols` matrix (a slice of a larger tensor, e.g. one image
    /// of a batch); panics unless `data` holds exactly `rows · cols` values.
    pub fn row_major(data: &'a [Float], rows: usize, cols: usize) -> MatRef<'a> {
        assert!(
            data.len() == rows * cols,
            "matmul operand: {} values cannot be viewed as [{rows}, {cols}]",
            data.len()
        );
        MatRef { data, rows, cols, row_stride: cols, col_stride: 1 }
    }
    /// Views `rows × cols` values of `data` whose rows start `row_stride` apart (one head's columns
    /// of a wider row-major matrix, starting at `data[0]`); panics when the view exceeds `data`.
    pub fn with_row_stride(data: &'a [Float], rows: usize, cols: usize, row_stride: usize) -> MatRef<'a> {
        let end = if rows == 0 || cols == 0 { 0 } else { (rows - 1) * row_stride + cols };
        assert!(
            cols <= row_stride && end <= data.len(),
            "matmul operand: {rows} rows of {cols} values {row_stride} apart exceed {} values",
            data.len()
        );
        MatRef { data, rows, cols, row_stride, col_stride: 1 }
    }
    /// The transposed view (no copy).
    pub fn t(self) -> MatRef<'a> {
        MatRef {
            rows: self.cols,
            cols: self.rows,
            row_stride: self.col_stride,
            col_stride: self.row_stride,
            ..self
        }
    }
    /// Rows of the viewed matrix.
    pub fn rows(&self) -> usize {
        self.rows
    }
    /// Columns of the viewed matrix.
    pub fn cols(&self) -> usize {
        self.cols
    }
    /// The value at row `i`, column `j` (panics out of range).
    pub fn get(&self, i: usize, j: usize) -> Float {
        self.data[i * self.row_stride + j * self.col_stride]
    }
}

/// How many threads a product may use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Parallelism {
    /// On the calling thread.
    Sequential,
    /// On all of rayon's global pool.
    Rayon,
    /// `Rayon` when m·n·k reaches `PARALLEL_WORK`, else `Sequential`.
    Auto,
}

/// The m·n·k from which a product is split across threads. Once a split cost a worker's wake-up
/// (7-25 µs) and 32M paid off; with the job on a worker and the other workers kept ready
/// (on_worker.rs) 4M does: the MNIST MLP at batch 128 (layer-2 products 4.2M) trained in 0.056 s per
/// 2-thread epoch against 0.075 s at 32M, SGD at batch 32 (layer 1: 6.4M) in 0.113 against 0.120 s;
/// 1M gained nothing more (same runs, alternating). With the other core busy a stolen half can
/// still stall on a preempted worker.
pub const PARALLEL_WORK: usize = 4 << 20;

/// The total m·n·k of a batch of independent products (a batched matmul, the per-image products
/// of a convolution) from which they are spread over rayon's threads, each product on one thread.
/// A whole product per task needs no synchronisation inside faer, and rayon hands the products of
/// a preempted thread to the other one. 4M multiply-adds take about 40 µs on one core, more than
/// even a fork-join that wakes a worker costs (10-25 µs, PERFORMANCE.md).
pub const BATCH_SPLIT_WORK: usize = 4 << 20;

/// `c = alpha * a·b + beta * c`, with `c` a row-major `a.rows() × b.cols()` buffer.
/// When `beta == 0`, `c` is overwritten without being read (NaNs in it do not leak through).
pub fn gemm(alpha: Float, a: MatRef<'_>, b: MatRef<'_>, beta: Float, c: &mut [Float], par: Parallelism) {
    let (m, k, n) = (a.rows, a.cols, b.cols);
    assert!(k == b.rows, "matmul: inner dimensions differ: [{m}, {k}] · [{}, {n}]", b.rows);
    assert!(c.len() == m * n, "matmul: output has {} values, expected {m}×{n}", c.len());
    let parallel = match par {
        Parallelism::Sequential => false,
        Parallelism::Rayon => true,
        Parallelism::Auto => m.saturating_mul(n).saturating_mul(k) >= PARALLEL_WORK,
    };
    if m == 0 || n == 0 {
        return;
    }
    if crate::transposed_product::pays(&a, &b) {
        return crate::transposed_product::gemm_transposed(alpha, a, b, beta, c, par);
    }
    let accum = if beta == 0.0 {
        faer::Accum::Replace
    } else {
        if beta != 1.0 {
            c.iter_mut().for_each(|x| *x *= beta);
        }
        faer::Accum::Add
    };
    if k == 0 {
        if beta == 0.0 {
            c.fill(0.0); // an empty sum
        }
        return;
    }
    let out = faer::MatMut::from_row_major_slice_mut(c, m, n);
    let pieces = if parallel { rayon::current_num_threads() } else { 1 };
    in_pieces(out, accum, (a.as_faer(), b.as_faer()), alpha, pieces);
}

/// `out (+)= alpha · a·b` cut into `pieces` blocks of rows or columns of `out` (halving the longer
/// side), each a single-threaded faer product on one of rayon's threads. faer's own threading
/// (`Par::rayon`) synchronises its threads at barriers inside the product, where they spin: 20 %
/// of the transformer language model's samples. Cut this way, the threads share nothing, and a
/// half that no idle thread takes runs on the caller.
fn in_pieces(
    out: faer::MatMut<'_, Float>,
    accum: faer::Accum,
    (a, b): (faer::MatRef<'_, Float>, faer::MatRef<'_, Float>),
    alpha: Float,
    pieces: usize,
) {
    let (m, n) = (out.nrows(), out.ncols());
    if pieces <= 1 || m.max(n) < 2 {
        faer::linalg::matmul::matmul(out, accum, a, b, alpha, faer::Par::Seq);
        crate::simd::clear_upper_state();
        return;
    }
    let (first, second) = (pieces / 2, pieces - pieces / 2);
    let (halves, operands) = if m >= n {
        let (a1, a2) = a.split_at_row(m / 2);
        (out.split_at_row_mut(m / 2), ((a1, b), (a2, b)))
    } else {
        let (b1, b2) = b.split_at_col(n / 2);
        (out.split_at_col_mut(n / 2), ((a, b1), (a, b2)))
    };
    rayon::join(
        || in_pieces(halves.0, accum, operands.0, alpha, first),
        || in_pieces(halves.1, accum, operands.1, alpha, second),
    );
}

impl MatRef<'_> {
    pub(crate) fn as_faer(&self) -> faer::MatRef<'_, Float> {
        let last = (self.rows - 1) * self.row_stride + (self.cols - 1) * self.col_stride;
        assert!(last < self.data.len(), "matmul: view of {}×{} exceeds its buffer", self.rows, self.cols);
        // SAFETY: the assertion above proves every (i, j) with i < rows, j < cols addresses an element
        // of `data`, which stays borrowed (and so alive and unmutated) for the returned lifetime.
        unsafe {
            faer::MatRef::from_raw_parts(
                self.data.as_ptr(),
                self.rows,
                self.cols,
                self.row_stride as isize,
                self.col_stride as isize,
            )
        }
    }
}

/// Triple-loop reference product in f64, kept to test the fast one.
pub fn matmul_naive(a: MatRef<'_>, b: MatRef<'_>) -> Tensor {
    assert!(
        a.cols == b.rows,
        "matmul: inner dimensions differ: [{}, {}] · [{}, {}]",
        a.rows,
        a.cols,
        b.rows,
        b.cols
    );
    let mut out = Vec::with_capacity(a.rows * b.cols);
    for i in 0..a.rows {
        for j in 0..b.cols {
            out.push((0..a.cols).map(|p| a.get(i, p) as f64 * b.get(p, j) as f64).sum::<f64>() as Float);
        }
    }
    Tensor::from_parts(out, Shape::from([a.rows, b.cols]))
}

impl Tensor {
    /// Matrix product `self · rhs`; panics naming both shapes when inner dimensions differ.
    pub fn matmul(&self, rhs: &Tensor) -> Tensor {
        product(MatRef::of(self), MatRef::of(rhs))
    }
    /// `selfᵀ · rhs` without materialising the transpose (a weight gradient: Xᵀ·dY).
    pub fn matmul_tn(&self, rhs: &Tensor) -> Tensor {
        product(MatRef::of(self).t(), MatRef::of(rhs))
    }
    /// `self · rhsᵀ` without materialising the transpose (an input gradient: dY·Wᵀ).
    pub fn matmul_nt(&self, rhs: &Tensor) -> Tensor {
        product(MatRef::of(self), MatRef::of(rhs).t())
    }
}

fn product(a: MatRef<'_>, b: MatRef<'_>) -> Tensor {
    assert!(
        a.cols == b.rows,
        "matmul: inner dimensions differ: [{}, {}] · [{}, {}]",
        a.rows,
        a.cols,
        b.rows,
        b.cols
    );
    // beta = 0: `gemm` writes every value of the (possibly recycled) output without reading it.
    Tensor::written([a.rows, b.cols], |out| gemm(1.0, a, b, 0.0, out, Parallelism::Auto))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Rng;
    use downhill_testing::{assert_close, assert_same_bits};

    /// f32 products of N(0, 1) matrices against a reference. Each value sums k ≤ 37 products whose
    /// f32 rounding errors grow like √k · ε · Σ|a·b| (the largest seen here is 1.8e-6 at k = 37): 1e-5
    /// leaves room for that, while one wrong or missing term (|a·b| ~ 1) is far outside it.
    #[track_caller]
    fn assert_product(what: &str, got: &Tensor, want: &Tensor) {
        assert_eq!(got.dims(), want.dims(), "{what}");
        assert_close(what, got.data(), want.data(), 1e-5);
    }

    #[test]
    fn fast_product_matches_naive_on_odd_shapes() {
        let mut rng = Rng::seed(3);
        // 1×k, k×1, primes, empty inner and outer dimensions.
        for &(m, k, n) in
            &[(1, 7, 1), (7, 1, 5), (1, 13, 17), (13, 1, 1), (31, 37, 41), (0, 3, 4), (3, 0, 4), (5, 3, 0)]
        {
            let a = Tensor::rand_normal([m, k], 0.0, 1.0, &mut rng);
            let b = Tensor::rand_normal([k, n], 0.0, 1.0, &mut rng);
            let want = matmul_naive(MatRef::of(&a), MatRef::of(&b));
            assert_product(&format!("{m}x{k}x{n}"), &a.matmul(&b), &want);
        }
    }

    #[test]
    fn transposed_variants_match_explicit_transposes() {
        let mut rng = Rng::seed(4);
        let x = Tensor::rand_normal([19, 11], 0.0, 1.0, &mut rng);
        let dy = Tensor::rand_normal([19, 7], 0.0, 1.0, &mut rng);
        let w = Tensor::rand_normal([7, 11], 0.0, 1.0, &mut rng);
        // The same products read through different strides: faer may pack them and order the terms
        // differently, so the results need only agree to rounding (see `assert_product`).
        assert_product("xᵀ·dy", &x.matmul_tn(&dy), &x.transpose().matmul(&dy));
        assert_product("dy·wᵀ", &dy.matmul_nt(&w.transpose()), &dy.matmul(&w));
    }

    #[test]
    fn threaded_product_matches_sequential() {
        let mut rng = Rng::seed(5);
        let a = Tensor::rand_normal([67, 45], 0.0, 1.0, &mut rng);
        let b = Tensor::rand_normal([45, 29], 0.0, 1.0, &mut rng);
        let (mut seq, mut par) = (vec![0.0; 67 * 29], vec![0.0; 67 * 29]);
        gemm(1.0, MatRef::of(&a), MatRef::of(&b), 0.0, &mut seq, Parallelism::Sequential);
        gemm(1.0, MatRef::of(&a).t().t(), MatRef::of(&b), 0.0, &mut par, Parallelism::Rayon);
        // Bit for bit, the property under test: faer's threads split the output into tiles, not the
        // sum over k, so each value must come from the same operations in the same order. (With a
        // one-thread rayon pool both runs take the sequential path and the check cannot fail.)
        assert_same_bits("threaded vs sequential", &par, &seq);
    }

    #[test]
    fn beta_accumulates_and_zero_beta_overwrites_nan() {
        let a = Tensor::from_rows(&[[1.0, 2.0]]).unwrap();
        let b = Tensor::from_rows(&[[3.0], [4.0]]).unwrap();
        let mut c = vec![1.0];
        gemm(2.0, MatRef::of(&a), MatRef::of(&b), 1.0, &mut c, Parallelism::Sequential);
        // 2 · (1·3 + 2·4) + 1: two products, a sum, the scale by alpha and the add of c, 1e-6.
        assert_close("2·a·b + c", &c, &[23.0], 1e-6);
        let mut c = vec![Float::NAN];
        gemm(1.0, MatRef::of(&a), MatRef::of(&b), 0.0, &mut c, Parallelism::Sequential);
        // Exact: 1·3 + 2·4 = 11 holds only small integers at every step, so nothing rounds, and the
        // point is that the NaN in c was overwritten, not read (0·NaN would be NaN).
        assert_eq!(c, vec![11.0]);
    }

    #[test]
    #[should_panic(expected = "inner dimensions differ: [2, 3] · [2, 3]")]
    fn mismatched_inner_dimensions_name_both_shapes() {
        Tensor::zeros([2, 3]).matmul(&Tensor::zeros([2, 3]));
    }
}
