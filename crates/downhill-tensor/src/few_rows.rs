//! `C += A·B` for an A of few rows and a B used many times (a recurrence's steps: [16, 256]·[256,
//! 1024] with B = W_hhᵀ, 64 times a pass), streaming B once per product. B is packed once
//! (`PackedB`) into tiles of 16 columns, each tile's k rows contiguous ([n/16][k][16]). Then for
//! every chunk of `DEPTH` values of k, every block of up to `ROWS` rows of A, every pair of tiles
//! j, j+1 and every half of 8 rows:
//!   acc[r] = C[r, j..j+32] + Σ_{p in chunk} A[r, p] · B[p, j..j+32]   (two vector FMAs per r, p)
//!   C[r, j..j+32] = acc[r]
//! The accumulators stay in vector registers through the chunk; the chunk of A, copied p-major
//! ([DEPTH][ROWS], so the broadcasts walk one pointer), stays in L1 across the tiles.
//! Why not faer: for these shapes (m = 1024 rows of its column-major view, n = 16) it reads B four
//! times a product, and a step ran at ~60 GFLOP/s on one core of this machine (FMA roof ~210). Why the
//! packing: B's rows are 4 KB apart in W_hhᵀ, and hardware prefetch stops at page boundaries; A's
//! rows in a batch-major buffer are T·G·H floats apart (256 KB for the LSTM language model), which
//! maps 16 rows to one L2 set.
//! With AVX2 only (16 registers of 8 floats), a tile is two vectors and the rows go in groups of
//! 6, 6 and 4 (12 accumulators; module `avx2`).
//! Only where it pays: AVX-512 or AVX2, and a column count that is a multiple of 16; otherwise
//! `PackedB` keeps B row-major and the product is `gemm`'s. The sum runs in order of p with fused
//! multiply-adds, so results differ from `gemm`'s by rounding only.
use crate::{gemm, Float, MatRef, Parallelism, Tensor};

/// Rows of A per packed block (two halves of `HALF` rows in `tiles`).
const ROWS: usize = 16;
/// Rows of A per register block of `tiles`: 8 rows × 2 tiles = 16 accumulators.
const HALF: usize = 8;
/// Columns of B and C per tile: one 512-bit vector of f32.
const LANES: usize = 16;
/// Values of k per chunk: a chunk of A ([DEPTH][ROWS], 8 KB) stays in L1 across the tiles, and so
/// does a pair of tiles' chunk of B (16 KB) between the two halves of rows that read it (with 256,
/// 16 + 32 KB filled all of the 48 KB L1).
const DEPTH: usize = 128;
/// Rows of B the first half of rows prefetches ahead of its loads (one line per tile and row).
/// With `DEPTH` 128, against 256 and no prefetch (`benches/matmul.rs`, one thread, alternated runs):
/// the LSTM's backward step 108-114 -> 112-122 GFLOP/s, its forward 122-132 -> 128-132; 16 and 64
/// ahead were slower than 32.
const AHEAD: usize = 32;

/// B [k, n] laid out for `gemm_few_rows`: in tiles of 16 columns when the vector path applies,
/// else row-major.
#[derive(Clone, Debug)]
pub struct PackedB {
    data: Tensor,
    k: usize,
    n: usize,
    tiled: bool,
}

impl PackedB {
    /// Packs `b` (any strides).
    pub fn new(b: MatRef<'_>) -> PackedB {
        let (k, n) = (b.rows, b.cols);
        let tiled = n > 0 && n % LANES == 0 && (vector_path() || avx2_path());
        let data = Tensor::written([k * n], |out| match tiled {
            true => {
                for (tile, dst) in out.chunks_exact_mut(k * LANES).enumerate() {
                    for (p, row) in dst.chunks_exact_mut(LANES).enumerate() {
                        row.iter_mut().enumerate().for_each(|(l, v)| *v = b.get(p, tile * LANES + l));
                    }
                }
            }
            false => {
                for (i, row) in out.chunks_exact_mut(n.max(1)).enumerate() {
                    row.iter_mut().enumerate().for_each(|(j, v)| *v = b.get(i, j));
                }
            }
        });
        PackedB { data, k, n, tiled }
    }
}

/// Whether the CPU has AVX2 and FMA, the instruction sets of the AVX2 kernels (here, in
/// `winograd_products.rs`, `channels_last.rs` and `max_pool2d_pairs.rs`).
pub(crate) fn avx2_path() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::is_x86_feature_detected as has;
        has!("avx2") && has!("fma")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// Whether the CPU has every instruction set `tiles` (and `conv2d_direct.rs`'s kernels) are compiled for.
pub(crate) fn vector_path() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::is_x86_feature_detected as has;
        has!("avx512f") && has!("avx512vl") && has!("avx2") && has!("fma")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// `c += a·b`, with `c` a row-major `a.rows() × b`'s columns buffer, on the calling thread.
pub fn gemm_few_rows(a: MatRef<'_>, b: &PackedB, c: &mut [Float]) {
    few_rows_with(a, b, c, vector_path())
}

/// `gemm_few_rows` with AVX-512's kernel (`wide`) or AVX2's on a tiled B.
fn few_rows_with(a: MatRef<'_>, b: &PackedB, c: &mut [Float], wide: bool) {
    let (m, k, n) = (a.rows, a.cols, b.n);
    assert!(k == b.k, "matmul: inner dimensions differ: [{m}, {k}] · [{}, {n}]", b.k);
    assert!(c.len() == m * n, "matmul: output has {} values, expected {m}×{n}", c.len());
    if !b.tiled {
        return gemm(1.0, a, MatRef::row_major(b.data.data(), k, n), 1.0, c, Parallelism::Sequential);
    }
    // Rows of a last, partial block past `rows` hold stale values: their sums are not stored.
    let mut a_pack = [0.0; DEPTH * ROWS];
    #[cfg(target_arch = "x86_64")]
    for p0 in (0..k).step_by(DEPTH) {
        let depth = DEPTH.min(k - p0);
        let mut row = 0;
        while row < m {
            let rows = (m - row).min(ROWS);
            for r in 0..rows {
                let src = a.data[(row + r) * a.row_stride + p0 * a.col_stride..].iter().step_by(a.col_stride);
                a_pack.chunks_exact_mut(ROWS).zip(src.take(depth)).for_each(|(dst, &v)| dst[r] = v);
            }
            let (c_rows, b_chunk) = (&mut c[row * n..(row + rows) * n], &b.data.data()[p0 * LANES..]);
            // SAFETY: `tiled` is set only where AVX-512's or AVX2's instruction sets were detected.
            unsafe {
                match wide {
                    true => tiles(&a_pack[..depth * ROWS], rows, b_chunk, k, n, c_rows),
                    false => avx2::tiles(&a_pack[..depth * ROWS], rows, b_chunk, k, n, c_rows),
                }
            };
            row += rows;
        }
    }
}

/// `c[..rows] += a_pack·b` over one chunk of `a_pack.len() / ROWS` values of k, for every tile of
/// 16 columns; `b` starts at the chunk's first row within tile 0 and tiles are `k · 16` floats
/// apart. Rows of `a_pack` beyond `rows` are not read from C nor stored.
/// Tiles go two at a time over half-blocks of `HALF` rows: 16 accumulators, and per value of k two
/// loads of B and 8 broadcasts of A for 16 FMAs. One tile over 16 rows took 17 loads for 16 FMAs,
/// so the load ports, not the FMA units, set its pace (143 GFLOP/s of one core's ~190). Each
/// accumulator still sums its k products in order, so C is bit for bit what it was.
// AVX-512 intrinsics (stable since Rust 1.89, the workspace's minimum): plain loops with
// `mul_add` were not vectorised (scalar FMAs).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512vl,avx2,fma")]
unsafe fn tiles(a_pack: &[Float], rows: usize, b: &[Float], k: usize, n: usize, c: &mut [Float]) {
    use std::arch::x86_64::{
        __m512, _mm512_fmadd_ps, _mm512_loadu_ps, _mm512_set1_ps, _mm512_setzero_ps, _mm512_storeu_ps,
        _mm_prefetch, _MM_HINT_T0,
    };
    let depth = a_pack.len() / ROWS;
    assert!(c.len() == rows * n && rows <= ROWS, "few-rows product: output of {} values", c.len());
    assert!(b.len() >= (n / LANES - 1) * k * LANES + depth * LANES, "few-rows product: B too short");
    let tiles = n / LANES;
    let mut j = 0;
    while j < tiles {
        // Two tiles while two are left, else the last one alone (`width` 1).
        let width = (tiles - j).min(2);
        for r0 in (0..rows).step_by(HALF) {
            let live = (rows - r0).min(HALF);
            // SAFETY: B loads read 16 floats of tile j + t < tiles at p < depth (the assert above);
            // A reads a_pack[p·ROWS + r0 + r] with r0 + r < ROWS; C's loads and stores touch 16
            // floats of row r0 + r < rows at (j + t)·16 + 16 <= n.
            unsafe {
                let mut acc: [[__m512; 2]; HALF] = [[_mm512_setzero_ps(); 2]; HALF];
                for (r, pair) in acc.iter_mut().enumerate().take(live) {
                    for (t, v) in pair.iter_mut().enumerate().take(width) {
                        *v = _mm512_loadu_ps(c.as_ptr().add((r0 + r) * n + (j + t) * LANES));
                    }
                }
                let (b0, b1) = (b.as_ptr().add(j * k * LANES), b.as_ptr().add((j + width - 1) * k * LANES));
                for p in 0..depth {
                    if r0 == 0 {
                        // The first half reads B from L2; the second finds it in L1.
                        _mm_prefetch::<_MM_HINT_T0>(b0.wrapping_add((p + AHEAD) * LANES).cast());
                        _mm_prefetch::<_MM_HINT_T0>(b1.wrapping_add((p + AHEAD) * LANES).cast());
                    }
                    let (v0, v1) = (_mm512_loadu_ps(b0.add(p * LANES)), _mm512_loadu_ps(b1.add(p * LANES)));
                    let ap = a_pack.as_ptr().add(p * ROWS + r0);
                    for (r, pair) in acc.iter_mut().enumerate() {
                        let a = _mm512_set1_ps(*ap.add(r));
                        pair[0] = _mm512_fmadd_ps(a, v0, pair[0]);
                        pair[1] = _mm512_fmadd_ps(a, v1, pair[1]);
                    }
                }
                for (r, pair) in acc.iter().enumerate().take(live) {
                    for (t, v) in pair.iter().enumerate().take(width) {
                        _mm512_storeu_ps(c.as_mut_ptr().add((r0 + r) * n + (j + t) * LANES), *v);
                    }
                }
            }
        }
        j += width;
    }
}

/// `tiles` with AVX2: one tile (two vectors) at a time over groups of 6, 6 and 4 rows.
#[cfg(target_arch = "x86_64")]
mod avx2 {
    use super::{Float, AHEAD, LANES, ROWS};
    use std::arch::x86_64::{
        __m256, _mm256_fmadd_ps, _mm256_loadu_ps, _mm256_set1_ps, _mm256_setzero_ps, _mm256_storeu_ps,
        _mm_prefetch, _MM_HINT_T0,
    };

    /// Floats per AVX2 vector: a tile is two.
    const HALF: usize = LANES / 2;

    /// `super::tiles` with AVX2 (same arguments and bounds); each accumulator sums its k products
    /// in order, as there.
    #[target_feature(enable = "avx2,fma")]
    pub(super) unsafe fn tiles(
        a_pack: &[Float],
        rows: usize,
        b: &[Float],
        k: usize,
        n: usize,
        c: &mut [Float],
    ) {
        let depth = a_pack.len() / ROWS;
        assert!(c.len() == rows * n && rows <= ROWS, "few-rows product: output of {} values", c.len());
        assert!(b.len() >= (n / LANES - 1) * k * LANES + depth * LANES, "few-rows product: B too short");
        for j in 0..n / LANES {
            // SAFETY: the bounds `group` needs: the asserts above, groups inside ROWS rows.
            unsafe {
                group::<6>(a_pack, rows, 0, &b[j * k * LANES..], n, j, c);
                group::<6>(a_pack, rows, 6, &b[j * k * LANES..], n, j, c);
                group::<4>(a_pack, rows, 12, &b[j * k * LANES..], n, j, c);
            }
        }
    }

    /// Rows r0..r0 + R of tile j (its chunk of B at `b`); rows past `rows` are computed from stale
    /// values of `a_pack` and not stored. R ≤ 6: 2R accumulators, two loads of B, a broadcast.
    #[target_feature(enable = "avx2,fma")]
    #[inline]
    unsafe fn group<const R: usize>(
        a_pack: &[Float],
        rows: usize,
        r0: usize,
        b: &[Float],
        n: usize,
        j: usize,
        c: &mut [Float],
    ) {
        if r0 >= rows {
            return;
        }
        let (depth, live) = (a_pack.len() / ROWS, (rows - r0).min(R));
        // SAFETY: B loads read 16 floats at p < depth of this tile (the caller's assert); A reads
        // a_pack[p·ROWS + r0 + r] with r0 + r < ROWS; C's loads and stores touch the 16 floats of
        // row r0 + r < rows at j·16 + 16 <= n.
        unsafe {
            let mut acc: [[__m256; 2]; R] = [[_mm256_setzero_ps(); 2]; R];
            for (r, pair) in acc.iter_mut().enumerate().take(live) {
                for (t, v) in pair.iter_mut().enumerate() {
                    *v = _mm256_loadu_ps(c.as_ptr().add((r0 + r) * n + j * LANES + t * HALF));
                }
            }
            for p in 0..depth {
                if r0 == 0 {
                    // The first group reads B from L2; the others find it in L1.
                    _mm_prefetch::<_MM_HINT_T0>(b.as_ptr().wrapping_add((p + AHEAD) * LANES).cast());
                }
                let bp = b.as_ptr().add(p * LANES);
                let (v0, v1) = (_mm256_loadu_ps(bp), _mm256_loadu_ps(bp.add(HALF)));
                let ap = a_pack.as_ptr().add(p * ROWS + r0);
                for (r, pair) in acc.iter_mut().enumerate() {
                    let a = _mm256_set1_ps(*ap.add(r));
                    pair[0] = _mm256_fmadd_ps(a, v0, pair[0]);
                    pair[1] = _mm256_fmadd_ps(a, v1, pair[1]);
                }
            }
            for (r, pair) in acc.iter().enumerate().take(live) {
                for (t, v) in pair.iter().enumerate() {
                    _mm256_storeu_ps(c.as_mut_ptr().add((r0 + r) * n + j * LANES + t * HALF), *v);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{matmul_naive, Rng, Tensor};
    use downhill_testing::assert_close;

    /// C + A·B against the f64 reference: row counts over and under one block (31 = 16 + 15),
    /// k over two chunks (300), strided rows of A (a step of a batch-major buffer), a transposed B,
    /// and a column count the vector path refuses (17). Each value sums k ≤ 300 products of N(0, 1)
    /// values plus C (|value| ~ 17): rounding grows like √k · ε · 17 ≈ 2e-5, and one wrong or
    /// missing term (~1) is far outside 1e-4 relative to max(1, |value|).
    #[test]
    fn matches_the_reference_product_plus_c() {
        let mut rng = Rng::seed(40);
        for &(m, k, n, stride) in &[(31, 300, 64, 300), (16, 256, 1024, 700), (5, 9, 17, 9), (1, 1, 16, 1)] {
            let a_buf = Tensor::rand_normal([m * stride], 0.0, 1.0, &mut rng);
            let b = Tensor::rand_normal([n, k], 0.0, 1.0, &mut rng);
            let c0 = Tensor::rand_normal([m, n], 0.0, 1.0, &mut rng);
            let a = MatRef::with_row_stride(a_buf.data(), m, k, stride);
            let b = MatRef::of(&b).t();
            let want: Vec<Float> =
                matmul_naive(a, b).data().iter().zip(c0.data()).map(|(p, c)| p + c).collect();
            let mut got = c0.data().to_vec();
            gemm_few_rows(a, &PackedB::new(b), &mut got);
            assert_close(&format!("{m}x{k}x{n}, rows {stride} apart"), &got, &want, 1e-4);
            if vector_path() && avx2_path() {
                // The AVX2 kernel too, where AVX-512 would take the product.
                let mut got = c0.data().to_vec();
                few_rows_with(a, &PackedB::new(b), &mut got, false);
                assert_close(&format!("{m}x{k}x{n}, AVX2"), &got, &want, 1e-4);
            }
        }
    }

    #[test]
    #[should_panic(expected = "inner dimensions differ: [2, 3] · [2, 16]")]
    fn mismatched_inner_dimensions_name_both_shapes() {
        let (a, b) = (Tensor::zeros([2, 3]), Tensor::zeros([2, 16]));
        gemm_few_rows(MatRef::of(&a), &PackedB::new(MatRef::of(&b)), &mut [0.0; 32]);
    }
}
