//! The products of Winograd convolution (`conv2d_winograd.rs`, `conv2d_winograd_backward.rs`):
//!   C[m, n] = A·B  or  C += A·B       A: [m, k] at any strides, B: [k, n] rows contiguous
//! 36 of them per block of tiles, each small: [147, 16]·[16, 32] for the MNIST CNN's second layer's
//! forward (k = C), [147, 32]·[32, 16] for its input gradient (k = O), [32, 147]·[147, 16] for its
//! weight gradient (k = the block's tiles, A = dMᵀ read through its strides).
//! Register blocks of R rows × W vectors of 16 columns: per value of k, W loads of B's row and R
//! broadcasts of A (each folded into its FMA as a memory operand) feed R·W FMAs, the accumulators
//! staying in registers for the whole sum (R·W = 24 of the 32 vector registers).
//! Why not faer: for these shapes its packing and dispatch weigh on the arithmetic. Measured on the
//! MNIST CNN's second layer (`benches/conv.rs`, one thread, batch 64, alternated runs): forward
//! 2.27 -> 2.03 ms, backward 4.45 -> 4.06 ms; the forward's products now run at about 144 GFLOP/s
//! (their share of its profile), 75 % of one core's FMA roof (193 GFLOP/s).
//! With AVX2 and FMA only (16 vector registers of 8 floats) the register blocks are 6 rows × 16
//! columns (12 accumulators, two loads of B and a broadcast: the classic AVX2 shape), the same
//! loop otherwise (module `avx2` below).
//! Only where it pays: AVX-512 or AVX2, and n a multiple of 16; otherwise `gemm`'s. Each value sums
//! its k products in order of k with fused multiply-adds, so results differ from `gemm`'s by
//! rounding only, and the two instruction sets give the same values.
use crate::few_rows::{avx2_path, vector_path};
use crate::lanes::LANES;
use crate::{gemm, Float, MatRef, Parallelism};

/// `c = a·b` (`add` false) or `c += a·b` (`add` true), `c` row-major `a.rows × b.cols`, on the
/// calling thread.
pub(crate) fn product(a: MatRef<'_>, b: MatRef<'_>, add: bool, c: &mut [Float]) {
    let (m, k, n) = (a.rows, a.cols, b.cols);
    assert!(k == b.rows, "matmul: inner dimensions differ: [{m}, {k}] · [{}, {n}]", b.rows);
    assert!(c.len() == m * n, "matmul: output has {} values, expected {m}×{n}", c.len());
    let beta = if add { 1.0 } else { 0.0 };
    let (wide, mid) = (vector_path(), avx2_path());
    if !(n % LANES == 0 && b.col_stride == 1 && (wide || mid)) || m == 0 || n == 0 {
        return gemm(1.0, a, b, beta, c, Parallelism::Sequential);
    }
    // Every element the kernels read: A's (i, p) for i < m, p < k; B's (p, j) for j < n.
    if k > 0 {
        let last_a = (m - 1) * a.row_stride + (k - 1) * a.col_stride;
        assert!(
            last_a < a.data.len() && (k - 1) * b.row_stride + n <= b.data.len(),
            "matmul: operand too short"
        );
    }
    #[cfg(target_arch = "x86_64")]
    // SAFETY: the instruction sets were detected, and the asserts above bound every index the
    // kernels use.
    unsafe {
        match wide {
            true => blocks(a, b, add, c),
            false => avx2::blocks(a, b, add, c),
        }
    }
}

/// Every register block of C: pairs of column vectors (the last alone when their count is odd),
/// rows in blocks of 12, then 4, then one.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512vl,avx2,fma")]
unsafe fn blocks(a: MatRef<'_>, b: MatRef<'_>, add: bool, c: &mut [Float]) {
    let (m, vectors) = (a.rows, b.cols / LANES);
    let mut j = 0;
    while j < vectors {
        let width = (vectors - j).min(2);
        let mut i = 0;
        while i < m {
            let left = m - i;
            // SAFETY: rows i..i + R < m and vectors j..j + W ≤ n / 16 (the caller's bounds).
            unsafe {
                i += match (width, left) {
                    (2, 12..) => block::<2, 12>(a, b, add, c, i, j),
                    (2, 4..) => block::<2, 4>(a, b, add, c, i, j),
                    (2, _) => block::<2, 1>(a, b, add, c, i, j),
                    (_, 24..) => block::<1, 24>(a, b, add, c, i, j),
                    (_, 4..) => block::<1, 4>(a, b, add, c, i, j),
                    _ => block::<1, 1>(a, b, add, c, i, j),
                };
            }
        }
        j += width;
    }
}

/// C's rows i..i + R, vectors j..j + W; returns R. Rows and vectors must lie inside C.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512vl,avx2,fma")]
#[inline]
unsafe fn block<const W: usize, const R: usize>(
    a: MatRef<'_>,
    b: MatRef<'_>,
    add: bool,
    c: &mut [Float],
    i: usize,
    j: usize,
) -> usize {
    use std::arch::x86_64::{
        __m512, _mm512_fmadd_ps, _mm512_loadu_ps, _mm512_set1_ps, _mm512_setzero_ps, _mm512_storeu_ps,
    };
    let (k, n) = (a.cols, b.cols);
    let (ars, acs) = (a.row_stride, a.col_stride);
    // SAFETY (all pointer reads and writes): (i + r, p) with r < R, p < k lies in A, (p, 16·(j + t) + l)
    // with t < W, l < 16 in B, and (i + r, 16·(j + t) + l) in C, by the caller's bounds.
    unsafe {
        let (a0, b0) = (a.data.as_ptr().add(i * ars), b.data.as_ptr().add(j * LANES));
        let c0 = c.as_mut_ptr().add(i * n + j * LANES);
        let mut acc = [[_mm512_setzero_ps(); W]; R];
        if add {
            for (r, row) in acc.iter_mut().enumerate() {
                for (t, v) in row.iter_mut().enumerate() {
                    *v = _mm512_loadu_ps(c0.add(r * n + t * LANES));
                }
            }
        }
        for p in 0..k {
            let mut bv: [__m512; W] = [_mm512_setzero_ps(); W];
            for (t, v) in bv.iter_mut().enumerate() {
                *v = _mm512_loadu_ps(b0.add(p * b.row_stride + t * LANES));
            }
            let ap = a0.add(p * acs);
            for (r, row) in acc.iter_mut().enumerate() {
                let x = _mm512_set1_ps(*ap.add(r * ars));
                for (t, v) in row.iter_mut().enumerate() {
                    *v = _mm512_fmadd_ps(x, bv[t], *v);
                }
            }
        }
        for (r, row) in acc.iter().enumerate() {
            for (t, v) in row.iter().enumerate() {
                _mm512_storeu_ps(c0.add(r * n + t * LANES), *v);
            }
        }
    }
    R
}

/// The same products with AVX2 and FMA: 16 columns are two vectors of 8.
#[cfg(target_arch = "x86_64")]
mod avx2 {
    use super::LANES;
    use crate::{Float, MatRef};
    use std::arch::x86_64::{
        __m256, _mm256_fmadd_ps, _mm256_loadu_ps, _mm256_set1_ps, _mm256_setzero_ps, _mm256_storeu_ps,
    };

    /// Floats per AVX2 vector; a block's 16 columns are two of them.
    const HALF: usize = LANES / 2;

    /// Every register block of C: 16 columns, rows in blocks of 6, then 3, then one.
    #[target_feature(enable = "avx2,fma")]
    pub(super) unsafe fn blocks(a: MatRef<'_>, b: MatRef<'_>, add: bool, c: &mut [Float]) {
        let m = a.rows;
        for j in 0..b.cols / LANES {
            let mut i = 0;
            while i < m {
                // SAFETY: rows i..i + R < m and columns 16·j.. 16·j + 16 ≤ n (the caller's bounds).
                unsafe {
                    i += match m - i {
                        6.. => block::<6>(a, b, add, c, i, j),
                        3.. => block::<3>(a, b, add, c, i, j),
                        _ => block::<1>(a, b, add, c, i, j),
                    };
                }
            }
        }
    }

    /// C's rows i..i + R, columns 16·j..16·j + 16; returns R. Rows and columns must lie inside C.
    #[target_feature(enable = "avx2,fma")]
    #[inline]
    unsafe fn block<const R: usize>(
        a: MatRef<'_>,
        b: MatRef<'_>,
        add: bool,
        c: &mut [Float],
        i: usize,
        j: usize,
    ) -> usize {
        let (k, n) = (a.cols, b.cols);
        let (ars, acs) = (a.row_stride, a.col_stride);
        // SAFETY (all pointer reads and writes): (i + r, p) with r < R, p < k lies in A,
        // (p, 16·j + l) with l < 16 in B, and (i + r, 16·j + l) in C, by the caller's bounds.
        unsafe {
            let (a0, b0) = (a.data.as_ptr().add(i * ars), b.data.as_ptr().add(j * LANES));
            let c0 = c.as_mut_ptr().add(i * n + j * LANES);
            let mut acc = [[_mm256_setzero_ps(); 2]; R];
            if add {
                for (r, row) in acc.iter_mut().enumerate() {
                    for (t, v) in row.iter_mut().enumerate() {
                        *v = _mm256_loadu_ps(c0.add(r * n + t * HALF));
                    }
                }
            }
            for p in 0..k {
                let bp = b0.add(p * b.row_stride);
                let bv: [__m256; 2] = [_mm256_loadu_ps(bp), _mm256_loadu_ps(bp.add(HALF))];
                let ap = a0.add(p * acs);
                for (r, row) in acc.iter_mut().enumerate() {
                    let x = _mm256_set1_ps(*ap.add(r * ars));
                    for (t, v) in row.iter_mut().enumerate() {
                        *v = _mm256_fmadd_ps(x, bv[t], *v);
                    }
                }
            }
            for (r, row) in acc.iter().enumerate() {
                for (t, v) in row.iter().enumerate() {
                    _mm256_storeu_ps(c0.add(r * n + t * HALF), *v);
                }
            }
        }
        R
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{matmul_naive, Rng, Tensor};
    use downhill_testing::assert_close;

    /// A·B and C + A·B against the f64 reference, on the MNIST CNN's three shapes (row counts
    /// that leave 12-, 4- and 1-row blocks: 147 = 12·12 + 3, 32 = 24 + 2·4), A transposed through
    /// its strides, an odd count of column vectors (48) and a width the kernel refuses (20, `gemm`'s).
    /// Each value sums k ≤ 147 products of N(0, 1) values (|value| ~ 12): rounding grows like
    /// √k · ε · 12 ≈ 1e-5; one wrong or missing term (~1) is far outside 1e-4 relative to max(1, |value|).
    #[test]
    fn matches_the_reference_product_and_sum() {
        check(
            &product,
            &[
                (147, 16, 32, false),
                (147, 32, 16, false),
                (32, 147, 16, true),
                (29, 7, 48, false),
                (5, 9, 20, true),
            ],
        );
    }

    /// The AVX2 kernels on the same shapes (their width a multiple of 16), also where AVX-512
    /// would take the product: rows in 6-, 3- and 1-row blocks (147 = 24·6 + 3, 29 = 4·6 + 3 + 2,
    /// 8 = 6 + 2).
    #[test]
    #[cfg(target_arch = "x86_64")]
    fn the_avx2_kernels_match_the_reference_product_and_sum() {
        if !avx2_path() {
            return;
        }
        // SAFETY: AVX2 and FMA were detected; the shapes are consistent (checked by `product`'s
        // asserts in the test above) and their widths multiples of 16.
        let avx2 =
            |a: MatRef<'_>, b: MatRef<'_>, add: bool, c: &mut [Float]| unsafe { avx2::blocks(a, b, add, c) };
        check(
            &avx2,
            &[
                (147, 16, 32, false),
                (147, 32, 16, false),
                (32, 147, 16, true),
                (29, 7, 48, false),
                (8, 5, 16, true),
            ],
        );
    }

    /// A product kernel: `product`'s signature.
    type Kernel = dyn Fn(MatRef<'_>, MatRef<'_>, bool, &mut [Float]);

    /// A·B and C + A·B by `kernel` against the f64 reference, for (m, k, n, A transposed) `shapes`.
    fn check(kernel: &Kernel, shapes: &[(usize, usize, usize, bool)]) {
        let mut rng = Rng::seed(41);
        for &(m, k, n, transposed) in shapes {
            let a_t = Tensor::rand_normal(if transposed { [k, m] } else { [m, k] }, 0.0, 1.0, &mut rng);
            let a = if transposed { MatRef::of(&a_t).t() } else { MatRef::of(&a_t) };
            let b = Tensor::rand_normal([k, n], 0.0, 1.0, &mut rng);
            let c0 = Tensor::rand_normal([m, n], 0.0, 1.0, &mut rng);
            let want = matmul_naive(a, MatRef::of(&b));
            let mut got = c0.data().to_vec();
            kernel(a, MatRef::of(&b), false, &mut got);
            assert_close(&format!("{m}x{k}x{n} = "), &got, want.data(), 1e-4);
            let mut got = c0.data().to_vec();
            kernel(a, MatRef::of(&b), true, &mut got);
            let sum: Vec<Float> = want.data().iter().zip(c0.data()).map(|(p, c)| p + c).collect();
            assert_close(&format!("{m}x{k}x{n} +="), &got, &sum, 1e-4);
        }
    }
}
