//! A product whose left operand is column-major, computed as its transpose: a weight gradient
//! dW = dYᵀ·X reads dY [k, m] row-major through a transposed view, and X [k, n] row-major. Then
//!   Cᵀ = Xᵀ·dY   ([n, m], row-major, into a pooled buffer)   and   C = alpha·Cᵀᵀ + beta·C.
//! Why: faer computes a row-major C as the column-major problem of its transpose, and for these
//! layouts it runs much faster when the output's longer side is its row count. Measured on this
//! machine (one thread, medians of 21 alternated runs): the LSTM language model's ∂L/∂W_hh share
//! [1024, 1024]·[1024, 256] 5.6-6.3 ms -> 3.7 ms, its ∂L/∂W_ih [1024, 2048]·[2048, 64]
//! 3.1-3.2 ms -> 2.3 ms, the transformer's [512, 4096]·[4096, 128] 3.7-3.9 ms -> 3.6-3.7 ms; the
//! other way round ([128, 4096]·[4096, 512]) it was slower (3.5 -> 3.7 ms), hence `pays`.
//! The transposing copy walks 16×16 tiles so both sides stay in cache lines. Each value is the
//! same sum of the same products; faer may order the sum differently, so results agree with the
//! direct product to rounding.
use crate::{gemm, Float, MatRef, Parallelism, Tensor};

/// m·n·k below which the direct product is kept: small products (an attention head's T×T·d) are
/// in cache either way and the copy would be a larger share.
const MIN_WORK: usize = 4 << 20;
/// The copy's tile side.
const TILE: usize = 16;

/// Whether `a·b` is better computed as its transpose: `a` column-major, `b` row-major, the output
/// at least twice as tall as wide, and enough work.
pub(crate) fn pays(a: &MatRef<'_>, b: &MatRef<'_>) -> bool {
    let (m, k, n) = (a.rows, a.cols, b.cols);
    a.row_stride == 1 && a.col_stride != 1 && b.col_stride == 1 && m >= 2 * n && m * n * k >= MIN_WORK
}

/// `c = alpha·a·b + beta·c` through Cᵀ = bᵀ·aᵀ (see the header); `c` is row-major [m, n].
pub(crate) fn gemm_transposed(
    alpha: Float,
    a: MatRef<'_>,
    b: MatRef<'_>,
    beta: Float,
    c: &mut [Float],
    par: Parallelism,
) {
    let (m, n) = (a.rows, b.cols);
    // bᵀ is column-major and aᵀ row-major with n < m rows: `pays` is false for it, no recursion.
    let ct = Tensor::written([n * m], |ct| gemm(alpha, b.t(), a.t(), 0.0, ct, par));
    transpose_into(ct.data(), n, m, beta, c);
}

/// `dst` [cols, rows] = srcᵀ + beta·dst for `src` [rows, cols], both row-major (beta = 0 writes
/// without reading `dst`); also `Tensor::transpose`'s copy.
pub(crate) fn transpose_into(src: &[Float], rows: usize, cols: usize, beta: Float, dst: &mut [Float]) {
    for r0 in (0..rows).step_by(TILE) {
        for c0 in (0..cols).step_by(TILE) {
            for j in c0..(c0 + TILE).min(cols) {
                let out = &mut dst[j * rows..][r0..(r0 + TILE).min(rows)];
                let column = src[r0 * cols + j..].iter().step_by(cols);
                if beta == 0.0 {
                    out.iter_mut().zip(column).for_each(|(o, &v)| *o = v);
                } else {
                    out.iter_mut().zip(column).for_each(|(o, &v)| *o = beta * *o + v);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{matmul_naive, Rng};
    use downhill_testing::assert_close;

    #[test]
    fn the_transposed_route_gives_the_product_plus_beta_c() {
        // dYᵀ·X with dY [k, m], X [k, n]: m = 67 and n = 19 cover partial tiles; k = 3300 passes
        // MIN_WORK (67·19·3300 = 4.2M). Each value sums 3300 products of N(0, 1) values: f32
        // rounding grows like √k · ε · |terms| ≈ 1e-4 relative to max(1, |value|) ~ 57, while a
        // wrong or missing term (~1) is far outside 1e-3.
        let mut rng = Rng::seed(71);
        let (m, k, n) = (67, 3300, 19);
        let dy = Tensor::rand_normal([k, m], 0.0, 1.0, &mut rng);
        let x = Tensor::rand_normal([k, n], 0.0, 1.0, &mut rng);
        let (a, b) = (MatRef::of(&dy).t(), MatRef::of(&x));
        assert!(pays(&a, &b), "the shapes under test take the transposed route");
        let want = matmul_naive(a, b);
        for beta in [0.0, 1.0, 0.5] {
            let c0 = Tensor::rand_normal([m, n], 0.0, 1.0, &mut rng);
            let mut got = c0.data().to_vec();
            gemm(2.0, a, b, beta, &mut got, Parallelism::Sequential);
            let expect: Vec<Float> =
                want.data().iter().zip(c0.data()).map(|(p, c)| 2.0 * p + beta * c).collect();
            assert_close(&format!("2·dYᵀ·X + {beta}·C"), &got, &expect, 1e-3);
        }
    }

    #[test]
    fn only_tall_products_of_a_column_major_left_operand_take_it() {
        let (dy, x) = (Tensor::zeros([4096, 512]), Tensor::zeros([4096, 128]));
        let (dy, x) = (MatRef::of(&dy), MatRef::of(&x));
        assert!(pays(&dy.t(), &x), "[512, 4096]·[4096, 128]");
        assert!(!pays(&x.t(), &dy), "[128, 4096]·[4096, 512]: wider than tall");
        let (w, xs) = (Tensor::zeros([512, 128]), Tensor::zeros([4096, 128]));
        assert!(!pays(&MatRef::of(&xs), &MatRef::of(&w).t()), "a row-major left operand");
        let small = Tensor::zeros([128, 128]);
        assert!(!pays(&MatRef::of(&small).t(), &MatRef::of(&Tensor::zeros([128, 32]))), "small");
    }
}
