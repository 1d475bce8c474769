//! Winograd minimal filtering F(m×m, r×r) (Lavin & Gray 2016, "Fast Algorithms for Convolutional
//! Neural Networks"; Cook-Toom): an m×m block of a stride-1 correlation with an r×r kernel g, read
//! from an α×α input tile d (α = m + r − 1 = 6 here), is
//!   y = Aᵀ [ (G g Gᵀ) ⊙ (Bᵀ d B) ] A          y[p, q] = Σ_{a,b < r} g[a, b] · d[p + a, q + b]
//! with ⊙ the element-wise product: α² = 36 multiplies per tile and channel pair instead of m²r²
//! (F(2×2, 5×5): 100, 2.8× fewer; F(4×4, 3×3): 144, 4× fewer). Derivation: the 1-D correlation is the
//! transpose of the polynomial product s(x) = g(x)·h(x) (deg g = r − 1, deg h = m − 1), computed by
//! evaluating both at the points a_j = 0, 1, −1, 2, −2 and ∞ (the leading coefficient), multiplying,
//! and interpolating (Lagrange, plus s_∞·Π(x − a_j) for ∞). Transposing that bilinear algorithm gives
//!   Aᵀ[i, j] = a_jⁱ (column ∞: e_{m−1}),   G[j, k] = a_jᵏ / N_j (row ∞: e_{r−1}),  N_j = Π_{l≠j}(a_j − a_l),
//!   Bᵀ row j = the coefficients of Π_{l≠j}(x − a_l), row ∞ = those of Π_l (x − a_l) = x⁵ − 5x³ + 4x.
//! Bᵀ depends only on the points, so both tilings share it. With 0, ±1, ±2 every entry of Aᵀ and Bᵀ
//! is a small integer (exact in f32) and only G, applied once per call in f64, holds fractions; the
//! points ±1/2 (smaller entries in Aᵀ, larger in G) were not measured.
//!
//! Rounding: the transforms add values of mixed sign with weights up to 8 (Aᵀ of F(4×4, 3×3)) and 5
//! (Bᵀ), so the f32 result carries a larger error than direct summation. Measured against the f64
//! direct formula (`conv2d_naive`) on N(0, 1) data, the largest error relative to max(1, |y|):
//! F(2×2, 5×5) 1.7e-5 at C = 4, 1.5e-4 on the MNIST CNN's second layer (C = 16, O = 32, 14×14);
//! F(4×4, 3×3) 1.1e-5 at C = 4, 1.3e-4 at C = 32. Direct f32 summation stays under
//! about √K · 6e-8 · Σ|w·x| (the 2e-5 of `conv2d_forward.rs`'s test); the tests here allow 4e-4.
use crate::halves::{by_halves, SPLIT_VALUES};
use crate::lanes::Lanes;
use crate::Float;

/// Tile side of the transformed domain: α = m + r − 1 for both tilings.
pub(crate) const ALPHA: usize = 6;

/// Bᵀ for the points 0, 1, −1, 2, −2, ∞ (shared by both tilings; see the header). The kernels use the
/// formulas of `bt` and `b`; the tests check them against this.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) const BT: [[f64; ALPHA]; ALPHA] = [
    [4.0, 0.0, -5.0, 0.0, 1.0, 0.0],
    [0.0, -4.0, -4.0, 1.0, 1.0, 0.0],
    [0.0, 4.0, -4.0, -1.0, 1.0, 0.0],
    [0.0, -2.0, -1.0, 2.0, 1.0, 0.0],
    [0.0, 2.0, -1.0, -2.0, 1.0, 0.0],
    [0.0, 4.0, 0.0, -5.0, 0.0, 1.0],
];

/// One F(m×m, r×r) algorithm: its output tile m, kernel r and the matrices Aᵀ (m × α), G (α × r).
pub(crate) trait Tiling {
    /// Output tile side m.
    const M: usize;
    /// Kernel side r.
    const R: usize;
    /// Aᵀ, m rows of α (the kernels use `at` and `a`, tested against it).
    #[cfg_attr(not(test), allow(dead_code))]
    const AT: &'static [[f64; ALPHA]];
    /// G, α rows of r.
    const G: &'static [&'static [f64]];
    /// Aᵀ·v for eight α-vectors at once (the first m results; the rest 0), the hot loops' form of
    /// `AT` with its sums shared (checked against `AT` in the tests).
    fn at(v: &[Lanes; ALPHA]) -> [Lanes; 4];
    /// A·d for eight m-vectors (the first m of `d` read).
    fn a(d: &[Lanes; 4]) -> [Lanes; ALPHA];
}

/// Bᵀ·d for eight α-vectors at once (the rows of `BT`, sums shared).
#[inline(always)]
pub(crate) fn bt(d: &[Lanes; ALPHA]) -> [Lanes; ALPHA] {
    let [d0, d1, d2, d3, d4, d5] = *d;
    let (s12, s34, s24) = (d1 + d2, d3 + d4, d4 - d2);
    let (t12, t34, t31) = (d1 - d2, d4 - d3, d3 - d1);
    [
        4.0 * d0 - 5.0 * d2 + d4,
        s34 - 4.0 * s12,
        t34 + 4.0 * t12,
        s24 + 2.0 * t31,
        s24 - 2.0 * t31,
        4.0 * d1 - 5.0 * d3 + d5,
    ]
}

/// B·v = (Bᵀ)ᵀ·v for eight α-vectors at once (the columns of `BT`).
#[inline(always)]
pub(crate) fn b(v: &[Lanes; ALPHA]) -> [Lanes; ALPHA] {
    let [v0, v1, v2, v3, v4, v5] = *v;
    let (s12, t12, s34, t34) = (v1 + v2, v2 - v1, v3 + v4, v3 - v4);
    [
        4.0 * v0,
        4.0 * t12 + 4.0 * v5 - 2.0 * t34,
        -5.0 * v0 - 4.0 * s12 - s34,
        2.0 * t34 - t12 - 5.0 * v5,
        v0 + s12 + s34,
        v5,
    ]
}

/// F(2×2, 5×5), for 5×5 kernels.
pub(crate) struct F2x5;
/// F(4×4, 3×3), for 3×3 kernels.
pub(crate) struct F4x3;

impl Tiling for F2x5 {
    const M: usize = 2;
    const R: usize = 5;
    const AT: &'static [[f64; ALPHA]] = &[[1.0, 1.0, 1.0, 1.0, 1.0, 0.0], [0.0, 1.0, -1.0, 2.0, -2.0, 1.0]];
    #[inline(always)]
    fn at(v: &[Lanes; ALPHA]) -> [Lanes; 4] {
        let [v0, v1, v2, v3, v4, v5] = *v;
        let z = Lanes::default();
        [v0 + (v1 + v2) + (v3 + v4), (v1 - v2) + 2.0 * (v3 - v4) + v5, z, z]
    }
    #[inline(always)]
    fn a(d: &[Lanes; 4]) -> [Lanes; ALPHA] {
        let [d0, d1, ..] = *d;
        let d2 = 2.0 * d1;
        [d0, d0 + d1, d0 - d1, d0 + d2, d0 - d2, d1]
    }
    // Rows a_jᵏ / N_j with N = 4, −6, −6, 24, 24 (N_j = M'(a_j), M(x) = x⁵ − 5x³ + 4x).
    const G: &'static [&'static [f64]] = &[
        &[1.0 / 4.0, 0.0, 0.0, 0.0, 0.0],
        &[-1.0 / 6.0, -1.0 / 6.0, -1.0 / 6.0, -1.0 / 6.0, -1.0 / 6.0],
        &[-1.0 / 6.0, 1.0 / 6.0, -1.0 / 6.0, 1.0 / 6.0, -1.0 / 6.0],
        &[1.0 / 24.0, 2.0 / 24.0, 4.0 / 24.0, 8.0 / 24.0, 16.0 / 24.0],
        &[1.0 / 24.0, -2.0 / 24.0, 4.0 / 24.0, -8.0 / 24.0, 16.0 / 24.0],
        &[0.0, 0.0, 0.0, 0.0, 1.0],
    ];
}

impl Tiling for F4x3 {
    const M: usize = 4;
    const R: usize = 3;
    const AT: &'static [[f64; ALPHA]] = &[
        [1.0, 1.0, 1.0, 1.0, 1.0, 0.0],
        [0.0, 1.0, -1.0, 2.0, -2.0, 0.0],
        [0.0, 1.0, 1.0, 4.0, 4.0, 0.0],
        [0.0, 1.0, -1.0, 8.0, -8.0, 1.0],
    ];
    #[inline(always)]
    fn at(v: &[Lanes; ALPHA]) -> [Lanes; 4] {
        let [v0, v1, v2, v3, v4, v5] = *v;
        let (s12, t12, s34, t34) = (v1 + v2, v1 - v2, v3 + v4, v3 - v4);
        [v0 + s12 + s34, t12 + 2.0 * t34, s12 + 4.0 * s34, t12 + 8.0 * t34 + v5]
    }
    #[inline(always)]
    fn a(d: &[Lanes; 4]) -> [Lanes; ALPHA] {
        let [d0, d1, d2, d3] = *d;
        let (e, o) = (d0 + d2, d1 + d3);
        let (e2, o2) = (d0 + 4.0 * d2, 2.0 * d1 + 8.0 * d3);
        [d0, e + o, e - o, e2 + o2, e2 - o2, d3]
    }
    const G: &'static [&'static [f64]] = &[
        &[1.0 / 4.0, 0.0, 0.0],
        &[-1.0 / 6.0, -1.0 / 6.0, -1.0 / 6.0],
        &[-1.0 / 6.0, 1.0 / 6.0, -1.0 / 6.0],
        &[1.0 / 24.0, 2.0 / 24.0, 4.0 / 24.0],
        &[1.0 / 24.0, -2.0 / 24.0, 4.0 / 24.0],
        &[0.0, 0.0, 1.0],
    ];
}

/// Kernels transformed together: one AVX-512 register of f64 per tap.
const BLOCK: usize = 8;
/// Taps per kernel, at most (r ≤ 5).
const TAPS: usize = 25;
/// One value of each of `BLOCK` kernels.
type Block = [f64; BLOCK];

/// U[ξ][j] = (G g_j Gᵀ)[ξ] (ξ = k·α + l) for the o·c kernels g of `w: [O, C, r, r]`, taken in the
/// order j = o·C + c, or j = c·O + o when `transposed` (the forward's Uᵀ, [36, C, O]). Computed in
/// f64, eight kernels at a time with every intermediate in registers (`transform_block`). From
/// `SPLIT_KERNELS` kernels on, they go in two halves on two threads, each writing its own columns
/// of every row ξ (each kernel's arithmetic is the same either way): the MNIST CNN's second layer
/// (512 kernels, twice a step) ran this on the training thread alone while the other waited.
pub(crate) fn filter_transform<T: Tiling>(
    w: &[Float],
    (o, c): (usize, usize),
    transposed: bool,
    u: &mut [Float],
) {
    let n = o * c;
    if n == 0 {
        return;
    }
    let mut rows = u.chunks_exact_mut(n);
    let rows: Rows<'_> = std::array::from_fn(|_| rows.next().unwrap_or_default());
    let split = n >= SPLIT_KERNELS;
    by_halves(n.div_ceil(BLOCK), split, (rows, 0), cut_columns, |(rows, j0)| {
        transform_kernels::<T>(w, (o, c), transposed, j0, rows)
    });
}

/// Kernels from which `filter_transform` goes in two halves: 256 kernels of 5×5 take about 8 µs,
/// where handing half of them to the other thread costs about a microsecond (halves.rs).
const SPLIT_KERNELS: usize = 256;

/// The 36 rows ξ of U, or the same columns of each.
type Rows<'a> = [&'a mut [Float]; ALPHA * ALPHA];

/// Cuts every row after `blocks` blocks of `BLOCK` kernels: the columns before and after, with the
/// index of each part's first kernel.
fn cut_columns<'a>(
    (mut rows, j0): (Rows<'a>, usize),
    blocks: usize,
) -> ((Rows<'a>, usize), (Rows<'a>, usize)) {
    let at = blocks * BLOCK;
    let mut rest: Rows<'a> = std::array::from_fn(|_| Default::default());
    for (row, rest) in rows.iter_mut().zip(&mut rest) {
        (*row, *rest) = std::mem::take(row).split_at_mut(at);
    }
    ((rows, j0), (rest, j0 + at))
}

/// `filter_transform` for the kernels j0.. whose columns of U are `rows`.
fn transform_kernels<T: Tiling>(
    w: &[Float],
    (o, c): (usize, usize),
    transposed: bool,
    j0: usize,
    mut rows: Rows<'_>,
) {
    let (r, kernels) = (T::R, rows[0].len());
    for start in (0..kernels).step_by(BLOCK) {
        let width = BLOCK.min(kernels - start);
        let mut taps = [[0.0; BLOCK]; TAPS];
        for (lane, j) in (j0 + start..j0 + start + width).enumerate() {
            let oc = if transposed { (j % o) * c + j / o } else { j };
            for (tap, &v) in taps.iter_mut().zip(&w[oc * r * r..][..r * r]) {
                tap[lane] = v as f64;
            }
        }
        let out = transform_block(&taps, r, T::G);
        for (row, values) in rows.iter_mut().zip(&out) {
            for (d, &v) in row[start..][..width].iter_mut().zip(values) {
                *d = v as Float;
            }
        }
    }
}

/// acc += weight · row, lane by lane. `inline(always)`: a plain function is compiled into the wide
/// builds that call it (a closure there was not).
#[inline(always)]
fn add_weighted(acc: &mut Block, weight: f64, row: &Block) {
    for (s, &v) in acc.iter_mut().zip(row) {
        *s += weight * v;
    }
}

crate::multiversion! {
    /// G g Gᵀ for eight kernels g at once (`taps[a·r + b]` = g[a, b]): gg = G g, then gg Gᵀ, each
    /// sum in order from zero. (Built from array expressions instead, with `array::from_fn`, the
    /// closures were not inlined here and ran without the wide instructions: twice as slow.)
    fn transform_block(taps: &[Block; TAPS], r: usize, g: &[&[f64]]) -> [Block; ALPHA * ALPHA] {
        let mut gg = [[0.0; BLOCK]; ALPHA * 5];
        for k in 0..ALPHA {
            for b in 0..r {
                let mut acc = [0.0; BLOCK];
                for a in 0..r {
                    add_weighted(&mut acc, g[k][a], &taps[a * r + b]);
                }
                gg[k * r + b] = acc;
            }
        }
        let mut out = [[0.0; BLOCK]; ALPHA * ALPHA];
        for k in 0..ALPHA {
            for l in 0..ALPHA {
                let mut acc = [0.0; BLOCK];
                for b in 0..r {
                    add_weighted(&mut acc, g[l][b], &gg[k * r + b]);
                }
                out[k * ALPHA + l] = acc;
            }
        }
        out
    }
}

/// The adjoint of `filter_transform` (j = o·C + c) from the batch parts' dU, `du_parts: [parts][36][o·c]`:
/// their sum in part order (f64), then dW_j = Gᵀ dU_j G, eight kernels at a time. From
/// `SPLIT_VALUES` values of dU on, the kernels go in two halves on two threads (each kernel's
/// arithmetic is the same either way): this ran on the calling thread alone while the other waited,
/// about 2 % of the MNIST CNN's 2-thread epoch.
pub(crate) fn filter_transform_adjoint<T: Tiling>(
    du_parts: &[Float],
    (o, c): (usize, usize),
    dw: &mut [Float],
) {
    let n = o * c;
    let split = du_parts.len() >= SPLIT_VALUES;
    let cut = cut_kernels(BLOCK * T::R * T::R);
    by_halves(n.div_ceil(BLOCK), split, (dw, 0), cut, |(dw, j0)| adjoint_kernels::<T>(du_parts, n, j0, dw));
}

/// Kernels j0.. as their dW values and j0.
type Kernels<'a> = (&'a mut [Float], usize);

/// Cuts kernels after `blocks` blocks of `BLOCK`, `per_block` values of dW a block.
fn cut_kernels<'a>(per_block: usize) -> impl FnOnce(Kernels<'a>, usize) -> (Kernels<'a>, Kernels<'a>) {
    move |(dw, j0), blocks| {
        let (first, rest) = dw.split_at_mut(blocks * per_block);
        ((first, j0), (rest, j0 + blocks * BLOCK))
    }
}

/// `filter_transform_adjoint` for the kernels j0.. whose dW is `dw`.
fn adjoint_kernels<T: Tiling>(du_parts: &[Float], n: usize, j0: usize, dw: &mut [Float]) {
    let r = T::R;
    for (b, kernels) in dw.chunks_mut(BLOCK * r * r).enumerate() {
        let (first, width) = (j0 + b * BLOCK, kernels.len() / (r * r));
        let d = adjoint_block(&sum_parts(du_parts, n, first, width), r, T::G);
        for (lane, kernel) in kernels.chunks_exact_mut(r * r).enumerate() {
            for (out, tap) in kernel.iter_mut().zip(&d) {
                *out = tap[lane] as Float;
            }
        }
    }
}

crate::multiversion! {
    /// Σ over the parts of `du_parts` ([parts][36][n]), in part order in f64, of dU[ξ][first..first
    /// + width] for every ξ.
    fn sum_parts(du_parts: &[Float], n: usize, first: usize, width: usize) -> [Block; ALPHA * ALPHA] {
        let mut du = [[0.0; BLOCK]; ALPHA * ALPHA];
        for part in du_parts.chunks_exact(ALPHA * ALPHA * n) {
            for (xi, sum) in du.iter_mut().enumerate() {
                for (s, &v) in sum.iter_mut().zip(&part[xi * n + first..][..width]) {
                    *s += v as f64;
                }
            }
        }
        du
    }
}

crate::multiversion! {
    /// Gᵀ dU G for eight kernels at once: t = Gᵀ dU, then t G, each sum in order from zero.
    fn adjoint_block(du: &[Block; ALPHA * ALPHA], r: usize, g: &[&[f64]]) -> [Block; TAPS] {
        let mut t = [[0.0; BLOCK]; 5 * ALPHA];
        for a in 0..r {
            for l in 0..ALPHA {
                let mut acc = [0.0; BLOCK];
                for k in 0..ALPHA {
                    add_weighted(&mut acc, g[k][a], &du[k * ALPHA + l]);
                }
                t[a * ALPHA + l] = acc;
            }
        }
        let mut d = [[0.0; BLOCK]; TAPS];
        for a in 0..r {
            for b in 0..r {
                let mut acc = [0.0; BLOCK];
                for l in 0..ALPHA {
                    add_weighted(&mut acc, g[l][b], &t[a * ALPHA + l]);
                }
                d[a * r + b] = acc;
            }
        }
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Rng;

    /// P · Q for small row-major f64 matrices given as rows.
    fn mul(p: &[Vec<f64>], q: &[Vec<f64>]) -> Vec<Vec<f64>> {
        let cols = q[0].len();
        p.iter()
            .map(|row| (0..cols).map(|j| row.iter().zip(q).map(|(a, qr)| a * qr[j]).sum()).collect())
            .collect()
    }

    fn transpose(p: &[Vec<f64>]) -> Vec<Vec<f64>> {
        (0..p[0].len()).map(|j| p.iter().map(|row| row[j]).collect()).collect()
    }

    fn tile_matches_direct_correlation<T: Tiling>(seed: u64) {
        let mut rng = Rng::seed(seed);
        let (m, r) = (T::M, T::R);
        let bt: Vec<Vec<f64>> = BT.iter().map(|r| r.to_vec()).collect();
        let at: Vec<Vec<f64>> = T::AT.iter().map(|r| r.to_vec()).collect();
        let gm: Vec<Vec<f64>> = T::G.iter().map(|r| r.to_vec()).collect();
        for _ in 0..5 {
            let d: Vec<Vec<f64>> =
                (0..ALPHA).map(|_| (0..ALPHA).map(|_| rng.normal() as f64).collect()).collect();
            let g: Vec<Vec<f64>> = (0..r).map(|_| (0..r).map(|_| rng.normal() as f64).collect()).collect();
            let v = mul(&mul(&bt, &d), &transpose(&bt));
            let u = mul(&mul(&gm, &g), &transpose(&gm));
            let prod: Vec<Vec<f64>> =
                u.iter().zip(&v).map(|(a, b)| a.iter().zip(b).map(|(x, y)| x * y).collect()).collect();
            let y = mul(&mul(&at, &prod), &transpose(&at));
            for (p, q) in (0..m * m).map(|f| (f / m, f % m)) {
                let direct: f64 = (0..r * r).map(|f| g[f / r][f % r] * d[p + f / r][q + f % r]).sum();
                // Exact in real arithmetic; f64 rounding of sums of ~10³ terms of size ≤ 10²: 1e-12.
                assert!((y[p][q] - direct).abs() <= 1e-12 * (1.0 + direct.abs()), "F({m}, {r}) y[{p}, {q}]");
            }
        }
    }

    #[test]
    fn f2x5_tile_equals_direct_correlation() {
        tile_matches_direct_correlation::<F2x5>(61);
    }

    #[test]
    fn f4x3_tile_equals_direct_correlation() {
        tile_matches_direct_correlation::<F4x3>(62);
    }

    /// Lane i holds the unit vector e_i (lanes ≥ α hold 0), so lane i of f's output is f(e_i).
    fn units<const N: usize>() -> [Lanes; N] {
        std::array::from_fn(|k| Lanes(std::array::from_fn(|i| if i == k { 1.0 } else { 0.0 })))
    }

    fn formulas_match_matrices<T: Tiling>() {
        // Integer coefficients applied to unit vectors: every value is exact, so compared exactly.
        let (bt_e, b_e, at_e, a_e) = (bt(&units()), b(&units()), T::at(&units()), T::a(&units()));
        for (i, j) in (0..ALPHA * ALPHA).map(|f| (f / ALPHA, f % ALPHA)) {
            assert_eq!(bt_e[i].0[j] as f64, BT[i][j], "Bᵀ[{i}, {j}]");
            assert_eq!(b_e[j].0[i] as f64, BT[i][j], "B[{j}, {i}]");
        }
        for (i, j) in (0..T::M * ALPHA).map(|f| (f / ALPHA, f % ALPHA)) {
            assert_eq!(at_e[i].0[j] as f64, T::AT[i][j], "Aᵀ[{i}, {j}] of F({}, {})", T::M, T::R);
            assert_eq!(a_e[j].0[i] as f64, T::AT[i][j], "A[{j}, {i}] of F({}, {})", T::M, T::R);
        }
    }

    #[test]
    fn lane_formulas_are_the_matrices() {
        formulas_match_matrices::<F2x5>();
        formulas_match_matrices::<F4x3>();
    }

    #[test]
    fn transposed_filters_are_the_transpose_and_parts_add_up() {
        let mut rng = Rng::seed(64);
        let (o, c, r) = (3, 4, F4x3::R);
        let w: Vec<Float> = (0..o * c * r * r).map(|_| rng.normal()).collect();
        let (mut u, mut ut) = (vec![0.0; ALPHA * ALPHA * o * c], vec![0.0; ALPHA * ALPHA * o * c]);
        filter_transform::<F4x3>(&w, (o, c), false, &mut u);
        filter_transform::<F4x3>(&w, (o, c), true, &mut ut);
        for xi in 0..ALPHA * ALPHA {
            for (oi, ci) in (0..o).flat_map(|oi| (0..c).map(move |ci| (oi, ci))) {
                // Exact: the same sums, written to another place.
                assert_eq!(u[xi * o * c + oi * c + ci], ut[xi * o * c + ci * o + oi]);
            }
        }
        // Two parts of dU give the adjoint of their sum (exactly, when the sum is exact in f32:
        // small integers).
        let parts: Vec<Float> = (0..2 * u.len()).map(|i| (i % 5) as Float - 2.0).collect();
        let whole: Vec<Float> = parts[..u.len()].iter().zip(&parts[u.len()..]).map(|(a, b)| a + b).collect();
        let (mut from_parts, mut from_whole) = (vec![0.0; w.len()], vec![0.0; w.len()]);
        filter_transform_adjoint::<F4x3>(&parts, (o, c), &mut from_parts);
        filter_transform_adjoint::<F4x3>(&whole, (o, c), &mut from_whole);
        assert_eq!(from_parts, from_whole);
    }

    #[test]
    fn filter_transform_in_two_halves_is_kernel_by_kernel() {
        // 260 kernels: above SPLIT_KERNELS, 33 blocks of 8 with a last one of 4, cut unevenly.
        let mut rng = Rng::seed(65);
        let (o, c, r) = (20, 13, F2x5::R);
        assert!(o * c >= SPLIT_KERNELS);
        let w: Vec<Float> = (0..o * c * r * r).map(|_| rng.normal()).collect();
        for transposed in [false, true] {
            let mut u = vec![Float::NAN; ALPHA * ALPHA * o * c];
            filter_transform::<F2x5>(&w, (o, c), transposed, &mut u);
            for j in 0..o * c {
                let oc = if transposed { (j % o) * c + j / o } else { j };
                let mut alone = [Float::NAN; ALPHA * ALPHA];
                filter_transform::<F2x5>(&w[oc * r * r..][..r * r], (1, 1), false, &mut alone);
                for (xi, &v) in alone.iter().enumerate() {
                    // Exact: the same sums, eight kernels or one at a time, on either thread.
                    assert_eq!(u[xi * o * c + j], v, "kernel {j}, ξ {xi}, transposed {transposed}");
                }
            }
        }
    }

    #[test]
    fn filter_transform_adjoint_is_its_transpose() {
        // ⟨dU, T(w)⟩ = ⟨T*(dU), w⟩ for the linear map T = filter_transform and its adjoint.
        let mut rng = Rng::seed(63);
        let (o, c, r) = (3, 2, F2x5::R);
        let w: Vec<Float> = (0..o * c * r * r).map(|_| rng.normal()).collect();
        let du: Vec<Float> = (0..ALPHA * ALPHA * o * c).map(|_| rng.normal()).collect();
        let mut u = vec![0.0; du.len()];
        let mut dw = vec![0.0; w.len()];
        filter_transform::<F2x5>(&w, (o, c), false, &mut u);
        filter_transform_adjoint::<F2x5>(&du, (o, c), &mut dw);
        let lhs: f64 = du.iter().zip(&u).map(|(&a, &b)| a as f64 * b as f64).sum();
        let rhs: f64 = dw.iter().zip(&w).map(|(&a, &b)| a as f64 * b as f64).sum();
        // U and dW rounded to f32 (6e-8 relative) over ~10³ terms of size ~1: 1e-5.
        assert!((lhs - rhs).abs() <= 1e-5 * (1.0 + lhs.abs()), "{lhs} vs {rhs}");
    }
}
