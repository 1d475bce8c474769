//! Matrix multiplication `C = alpha * A·B + beta * C` through the `matrixmultiply` crate.
//!
//! Operands are strided views (`MatRef`), so the products backprop needs, Aᵀ·B and A·Bᵀ, read the
//! stored matrices with swapped strides instead of materialising transposes. Large products are split
//! into row blocks of C that run on rayon's pool; small ones stay on the calling thread, because a
//! fork-join costs 10-25 µs here and loses to a single core below about m·n·k = 8M (PERFORMANCE.md).
use crate::{Float, Shape, Tensor};

/// A read-only strided matrix view: element (i, j) is `data[i * row_stride + j * col_stride]`.
#[derive(Clone, Copy, Debug)]
pub struct MatRef<'a> {
    data: &'a [Float],
    rows: usize,
    cols: usize,
    row_stride: usize,
    col_stride: usize,
}

impl<'a> MatRef<'a> {
    /// Views a 2-D tensor; panics for other ranks.
    pub fn of(t: &'a Tensor) -> MatRef<'a> {
        t.expect_matrix("matmul operand");
        MatRef { data: t.data(), rows: t.rows(), cols: t.cols(), row_stride: t.cols(), col_stride: 1 }
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
    pub fn rows(&self) -> usize {
        self.rows
    }
    pub fn cols(&self) -> usize {
        self.cols
    }
    pub fn get(&self, i: usize, j: usize) -> Float {
        self.data[i * self.row_stride + j * self.col_stride]
    }
    /// Rows `start..end` of this view.
    fn row_block(self, start: usize, end: usize) -> MatRef<'a> {
        let offset = if end > start { start * self.row_stride } else { 0 };
        MatRef { data: &self.data[offset.min(self.data.len())..], rows: end - start, ..self }
    }
}

/// How many threads a product may use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Parallelism {
    /// On the calling thread.
    Sequential,
    /// Row blocks on rayon's global pool.
    Rayon,
    /// `Rayon` when m·n·k reaches `PARALLEL_WORK`, else `Sequential`.
    Auto,
}

/// The m·n·k above which splitting a product across threads paid off on the reference machine.
pub const PARALLEL_WORK: usize = 8 << 20;

/// `c = alpha * a·b + beta * c`, with `c` a row-major `a.rows() × b.cols()` buffer.
/// When `beta == 0`, `c` is overwritten (NaNs in it do not leak through).
pub fn gemm(alpha: Float, a: MatRef<'_>, b: MatRef<'_>, beta: Float, c: &mut [Float], par: Parallelism) {
    let (m, k, n) = (a.rows, a.cols, b.cols);
    assert!(k == b.rows, "matmul: inner dimensions differ: [{m}, {k}] · [{}, {n}]", b.rows);
    assert!(c.len() == m * n, "matmul: output has {} values, expected {m}×{n}", c.len());
    let threads = rayon::current_num_threads();
    let parallel = match par {
        Parallelism::Sequential => false,
        Parallelism::Rayon => true,
        Parallelism::Auto => m.saturating_mul(n).saturating_mul(k) >= PARALLEL_WORK,
    };
    if !parallel || threads < 2 || m < 2 * threads || n == 0 {
        return gemm_block(alpha, a, b, beta, c);
    }
    // One row block of C per thread: each is an independent product.
    let block = m.div_ceil(threads);
    rayon::scope(|s| {
        for (bi, c_block) in c.chunks_mut(block * n).enumerate() {
            let start = bi * block;
            let a_block = a.row_block(start, start + c_block.len() / n);
            s.spawn(move |_| gemm_block(alpha, a_block, b, beta, c_block));
        }
    });
}

fn gemm_block(alpha: Float, a: MatRef<'_>, b: MatRef<'_>, beta: Float, c: &mut [Float]) {
    let (m, k, n) = (a.rows, a.cols, b.cols);
    if m == 0 || n == 0 {
        return;
    }
    if k == 0 {
        // An empty sum: C = beta * C, and beta == 0 means overwrite.
        c.iter_mut().for_each(|x| *x = if beta == 0.0 { 0.0 } else { beta * *x });
        return;
    }
    if beta == 0.0 {
        c.fill(0.0); // matrixmultiply reads C when beta != 0 only, but clearing keeps NaN out regardless
    }
    check_extent(&a);
    check_extent(&b);
    // SAFETY: `check_extent` proved every (i, j) of `a` and `b` lies inside its slice, and `c` holds
    // exactly m × n values (asserted in `gemm`, preserved by row blocking) addressed row-major.
    unsafe {
        matrixmultiply::sgemm(
            m,
            k,
            n,
            alpha,
            a.data.as_ptr(),
            a.row_stride as isize,
            a.col_stride as isize,
            b.data.as_ptr(),
            b.row_stride as isize,
            b.col_stride as isize,
            beta,
            c.as_mut_ptr(),
            n as isize,
            1,
        );
    }
}

fn check_extent(v: &MatRef<'_>) {
    let last = (v.rows - 1) * v.row_stride + (v.cols - 1) * v.col_stride;
    assert!(last < v.data.len(), "matmul: view of {}×{} exceeds its buffer", v.rows, v.cols);
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
    let mut out = vec![0.0; a.rows * b.cols];
    gemm(1.0, a, b, 0.0, &mut out, Parallelism::Auto);
    Tensor::from_parts(out, Shape::from([a.rows, b.cols]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Rng;

    fn close(a: &Tensor, b: &Tensor, tol: Float) -> bool {
        a.shape() == b.shape()
            && a.data().iter().zip(b.data()).all(|(x, y)| (x - y).abs() <= tol * (1.0 + y.abs()))
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
            assert!(close(&a.matmul(&b), &want, 1e-5), "{m}x{k}x{n}");
        }
    }

    #[test]
    fn transposed_variants_match_explicit_transposes() {
        let mut rng = Rng::seed(4);
        let x = Tensor::rand_normal([19, 11], 0.0, 1.0, &mut rng);
        let dy = Tensor::rand_normal([19, 7], 0.0, 1.0, &mut rng);
        let w = Tensor::rand_normal([7, 11], 0.0, 1.0, &mut rng);
        assert!(close(&x.matmul_tn(&dy), &x.transpose().matmul(&dy), 1e-5));
        assert!(close(&dy.matmul_nt(&w.transpose()), &dy.matmul(&w), 1e-5));
    }

    #[test]
    fn threaded_blocks_match_sequential() {
        let mut rng = Rng::seed(5);
        let a = Tensor::rand_normal([67, 45], 0.0, 1.0, &mut rng);
        let b = Tensor::rand_normal([45, 29], 0.0, 1.0, &mut rng);
        let (mut seq, mut par) = (vec![0.0; 67 * 29], vec![0.0; 67 * 29]);
        gemm(1.0, MatRef::of(&a), MatRef::of(&b), 0.0, &mut seq, Parallelism::Sequential);
        gemm(1.0, MatRef::of(&a).t().t(), MatRef::of(&b), 0.0, &mut par, Parallelism::Rayon);
        assert_eq!(seq, par, "row blocking must not change any value");
    }

    #[test]
    fn beta_accumulates_and_zero_beta_overwrites_nan() {
        let a = Tensor::from_rows(&[[1.0, 2.0]]).unwrap();
        let b = Tensor::from_rows(&[[3.0], [4.0]]).unwrap();
        let mut c = vec![1.0];
        gemm(2.0, MatRef::of(&a), MatRef::of(&b), 1.0, &mut c, Parallelism::Sequential);
        assert_eq!(c, vec![23.0]); // 2 * 11 + 1
        let mut c = vec![Float::NAN];
        gemm(1.0, MatRef::of(&a), MatRef::of(&b), 0.0, &mut c, Parallelism::Sequential);
        assert_eq!(c, vec![11.0]);
    }

    #[test]
    #[should_panic(expected = "inner dimensions differ: [2, 3] · [2, 3]")]
    fn mismatched_inner_dimensions_name_both_shapes() {
        Tensor::zeros([2, 3]).matmul(&Tensor::zeros([2, 3]));
    }
}
