//! The product of a fully connected layer with its bias, every row of the output starting from b:
//!   C = A·B + 1·bᵀ      A [m, k], B [k, n], b [n], C [m, n] row-major
//! computed as C := b (each row), then C += A·B (faer's accumulating product). Filling the whole
//! output with b on the calling thread and then running the (threaded) product leaves the other
//! thread waiting through the fill; here each thread fills the rows it then accumulates into.
//! Filling and accumulating by blocks of 64-256 rows, so that each block is still in cache, was
//! no faster (the product re-packs B for each block). The sums are those of the plain product
//! plus b, in the same order.
use crate::matmul::PARALLEL_WORK;
use crate::{Float, MatRef, Parallelism};

/// `c = a·b + bias` with `bias` added to every row of the row-major `a.rows() × b.cols()` output
/// `c` (overwritten, never read). Panics when the shapes do not fit.
pub fn gemm_bias(a: MatRef<'_>, b: MatRef<'_>, bias: &[Float], c: &mut [Float], par: Parallelism) {
    let (m, k, n) = (a.rows(), a.cols(), b.cols());
    assert!(k == b.rows(), "matmul: inner dimensions differ: [{m}, {k}] · [{}, {n}]", b.rows());
    assert!(bias.len() == n, "matmul: bias of {} values for {n} output columns", bias.len());
    assert!(c.len() == m * n, "matmul: output has {} values, expected {m}×{n}", c.len());
    if m == 0 || n == 0 {
        return;
    }
    let parallel = match par {
        Parallelism::Sequential => false,
        Parallelism::Rayon => true,
        Parallelism::Auto => m.saturating_mul(n).saturating_mul(k) >= PARALLEL_WORK,
    };
    if parallel && m < n {
        // `gemm` cuts a wide output into columns: fill it all, then accumulate.
        c.chunks_exact_mut(n).for_each(|row| row.copy_from_slice(bias));
        return crate::gemm(1.0, a, b, 1.0, c, par);
    }
    let pieces = if parallel { rayon::current_num_threads() } else { 1 };
    in_row_pieces(a, b, bias, c, pieces);
}

/// Halves the rows until there is one piece per thread, the second half on another thread.
fn in_row_pieces(a: MatRef<'_>, b: MatRef<'_>, bias: &[Float], c: &mut [Float], pieces: usize) {
    let m = a.rows();
    if pieces <= 1 || m < 2 {
        return fill_and_accumulate(a, b, bias, c);
    }
    let (c1, c2) = c.split_at_mut(m / 2 * bias.len());
    rayon::join(
        || in_row_pieces(a.row_range(0..m / 2), b, bias, c1, pieces / 2),
        || in_row_pieces(a.row_range(m / 2..m), b, bias, c2, pieces - pieces / 2),
    );
}

/// One thread's rows: b copied into each, then the product accumulated into them.
fn fill_and_accumulate(a: MatRef<'_>, b: MatRef<'_>, bias: &[Float], c: &mut [Float]) {
    let n = bias.len();
    c.chunks_exact_mut(n).for_each(|row| row.copy_from_slice(bias));
    if a.cols() == 0 {
        return; // an empty sum: the bias alone
    }
    let out = faer::MatMut::from_row_major_slice_mut(c, a.rows(), n);
    faer::linalg::matmul::matmul(out, faer::Accum::Add, a.as_faer(), b.as_faer(), 1.0, faer::Par::Seq);
    crate::simd::clear_upper_state();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{gemm, Rng, Tensor};
    use downhill_testing::assert_same_bits;

    #[test]
    fn equals_the_bias_filled_accumulating_product_bit_for_bit() {
        let mut rng = Rng::seed(41);
        // 600 rows: on one thread, or in halves on two; [2, 9] is wide: cut into columns.
        for (m, k, n) in [(600, 37, 21), (3, 5, 2), (1, 0, 4), (2, 3, 9)] {
            let a = Tensor::rand_normal([m, k], 0.0, 1.0, &mut rng);
            let b = Tensor::rand_normal([k, n], 0.0, 1.0, &mut rng);
            let bias: Vec<Float> = (0..n).map(|j| j as Float - 1.5).collect();
            for par in [Parallelism::Sequential, Parallelism::Rayon] {
                // The product accumulated into the whole output filled first, cut into the same
                // pieces (rows in halves, as `gemm` cuts a tall output).
                let mut want: Vec<Float> = (0..m).flat_map(|_| bias.clone()).collect();
                gemm(1.0, MatRef::of(&a), MatRef::of(&b), 1.0, &mut want, par);
                let mut c = vec![Float::NAN; m * n];
                gemm_bias(MatRef::of(&a), MatRef::of(&b), &bias, &mut c, par);
                // The same sums in the same order: faer's kernel accumulates each value over k the
                // same way whether the rows were filled before or inside the pieces.
                assert_same_bits(&format!("{m}x{k}x{n} {par:?}"), &c, &want);
            }
        }
    }
}
