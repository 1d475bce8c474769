//! Convolution forward by Winograd minimal filtering (`winograd.rs`, transforms in `winograd_tiles.rs`)
//! for stride-1, undilated, ungrouped square 5×5 (F(2×2, 5×5)) and 3×3 (F(4×4, 3×3)) kernels:
//!   U[ξ] = (G g Gᵀ)[ξ]: [O, C], once per call;   V[ξ] = (Bᵀ d B)[ξ]: [T, C] over a block's T tiles
//!   M[ξ] = V[ξ] · U[ξ]ᵀ  (α² = 36 products [T, C]·[C, O], `winograd_products.rs`);   y tile = Aᵀ M A (+ b), clipped at the edge
//! The products hold 36/(m²r²) of direct convolution's multiply-adds (2.8× fewer for 5×5, 4× for 3×3).
//! Images are spread over rayon's threads in blocks, as `conv2d_forward.rs` spreads them, once the
//! batch's direct multiply-adds reach `BATCH_SPLIT_WORK`.
use crate::conv2d::Geometry;
use crate::lanes::LANES;
use crate::matmul::BATCH_SPLIT_WORK;
use crate::scratch::with_scratch;
use crate::winograd::{filter_transform, F2x5, F4x3, ALPHA};
use crate::winograd_products::product;
use crate::winograd_tiles::{input_transform, output_transform, Kind, Plan, Rows};
use crate::{Float, MatRef, Tensor};
use rayon::prelude::*;

/// Input channels from which Winograd replaces im2col. Its tile transforms cost about the same
/// per tile whatever C is, while the multiply-adds it saves grow with C·O: one thread, batch 64,
/// padding 2, 5×5 (forward / backward ms, Winograd against im2col): C = 4, O = 32 on 14×14:
/// 1.59/4.08 against 0.83/1.74; C = 8: 1.76/4.24 against 1.55/3.19; C = 16 (the MNIST CNN's
/// second layer): 2.15/4.69 against 3.03/6.28. 3×3, C = 16, O = 32: 1.26/2.51 against 1.57/2.59.
/// At C = 1 it lost 4.1/8.1 against 0.57/1.42; such first layers take `conv2d_direct.rs`.
pub(crate) const MIN_CHANNELS: usize = 16;

/// Tiles (of several images) that share one set of 36 products, so that each faer call has a
/// hundred or more rows; 100 to 400 measured alike on the second layer (49 tiles per image), and
/// fewer keep V and M (≈ 340 KB per image there) in L2.
pub(crate) const BLOCK_TILES: usize = 128;

/// Images per block for `plan`: `BLOCK_TILES` worth, at least one.
pub(crate) fn block_images(plan: &Plan) -> usize {
    (BLOCK_TILES / plan.tiles()).max(1)
}

/// The Winograd plan for geometry `g`, or `None` when the im2col path should run it.
pub(crate) fn plan(g: &Geometry) -> Option<Plan> {
    applicable(g).filter(|_| g.c >= MIN_CHANNELS)
}

/// The Winograd plan for `g` whenever Winograd can compute it (at any channel count).
pub(crate) fn applicable(g: &Geometry) -> Option<Plan> {
    let plain = g.groups == 1 && (g.sh, g.sw, g.dh, g.dw) == (1, 1, 1, 1) && g.kh == g.kw;
    let kind = match g.kh {
        5 => Kind::F2x5,
        3 => Kind::F4x3,
        _ => return None,
    };
    (plain && g.l() > 0).then(|| Plan::new(kind, *g))
}

/// U for `plan`'s weights: [36, O, C], in a pooled tensor.
pub(crate) fn transformed_filters(plan: &Plan, w: &Tensor) -> Tensor {
    filters(plan, w, false)
}

/// U ([36, O, C]) or, `transposed`, Uᵀ ([36, C, O]) for `plan`'s weights, in a pooled tensor.
fn filters(plan: &Plan, w: &Tensor, transposed: bool) -> Tensor {
    let (o, c) = (plan.g.o, plan.g.c);
    let shape = if transposed { [ALPHA * ALPHA, c, o] } else { [ALPHA * ALPHA, o, c] };
    Tensor::written(shape, |u| match plan.kind {
        Kind::F2x5 => filter_transform::<F2x5>(w.data(), (o, c), transposed, u),
        Kind::F4x3 => filter_transform::<F4x3>(w.data(), (o, c), transposed, u),
    })
}

/// y = conv(x, w) + b into `y` (every value written) for images `x: [N, C, H, W]`.
pub(crate) fn forward(x: &[Float], w: &Tensor, b: Option<&[Float]>, plan: &Plan, y: &mut [Float]) {
    let g = &plan.g;
    let ut = filters(plan, w, true); // Uᵀ: the products' right operand with its rows contiguous
    let (per_x, per_y) = (g.c * g.h * g.w, g.o * g.l());
    let block = |(yb, xb): (&mut [Float], &[Float])| forward_block(xb, ut.data(), b, plan, yb);
    let block_images = block_images(plan);
    let (ys, xs) = (block_images * per_y, block_images * per_x);
    if g.n > block_images && g.macs() >= BATCH_SPLIT_WORK {
        y.par_chunks_mut(ys).zip(x.par_chunks(xs)).with_min_len(1).for_each(block);
    } else {
        y.chunks_mut(ys).zip(x.chunks(xs)).for_each(block);
    }
}

/// Forward over a block of consecutive images on the calling thread.
fn forward_block(x: &[Float], ut: &[Float], b: Option<&[Float]>, plan: &Plan, y: &mut [Float]) {
    let g = &plan.g;
    let (per_x, per_y) = (g.c * g.h * g.w, g.o * g.l());
    let images = x.len() / per_x;
    let (t, row) = (plan.tiles(), images * plan.tiles());
    // M, the products' output, is read a vector of channels at a time: one vector of slack at its end.
    let (v_len, m_len) = (ALPHA * ALPHA * row * plan.c8, ALPHA * ALPHA * row * g.o + LANES);
    with_scratch(v_len + m_len + plan.padded_len() + plan.dy_len(), |buf| {
        let (v, rest) = buf.split_at_mut(v_len);
        let (mm, rest) = rest.split_at_mut(m_len);
        let (xp, yt) = rest.split_at_mut(plan.padded_len());
        for (i, xi) in x.chunks_exact(per_x).enumerate() {
            input_transform(xi, plan, xp, v, Rows { tiles: row, t0: i * t, row: plan.c8 });
        }
        let (oc, to) = (g.o * g.c, row * g.o);
        for xi in 0..ALPHA * ALPHA {
            let vx = MatRef::with_row_stride(&v[xi * row * plan.c8..], row, g.c, plan.c8);
            let utx = MatRef::row_major(&ut[xi * oc..(xi + 1) * oc], g.c, g.o);
            product(vx, utx, false, &mut mm[xi * to..(xi + 1) * to]);
        }
        for (i, yi) in y.chunks_exact_mut(per_y).enumerate() {
            output_transform(mm, plan, Rows { tiles: row, t0: i * t, row: g.o }, b, yt, yi);
        }
    });
}

#[cfg(test)]
mod tests {
    use crate::{conv2d_naive, Conv2d, Rng, Tensor};

    /// (x shape, w shape, padding).
    type Case = ([usize; 4], [usize; 4], (usize, usize));

    /// The largest |got − want| / max(1, |want|) over all values.
    fn worst(got: &Tensor, want: &Tensor) -> f64 {
        got.data()
            .iter()
            .zip(want.data())
            .map(|(&a, &b)| (a as f64 - b as f64).abs() / (b as f64).abs().max(1.0))
            .fold(0.0, f64::max)
    }

    #[test]
    fn winograd_matches_the_direct_formula_with_edge_tiles() {
        // (x shape, w shape, padding): odd outputs (edge tiles clipped), unequal padding, outputs
        // narrower than one 8-tile vector and wider than it, the MNIST CNN's second layer.
        let cases: [Case; 6] = [
            ([2, 4, 9, 7], [3, 4, 5, 5], (2, 2)),
            ([1, 5, 11, 23], [2, 5, 5, 5], (1, 3)),
            ([3, 16, 14, 14], [32, 16, 5, 5], (2, 2)),
            ([2, 4, 7, 9], [3, 4, 3, 3], (1, 1)),
            ([1, 6, 13, 38], [5, 6, 3, 3], (0, 2)),
            ([2, 32, 8, 8], [8, 32, 3, 3], (1, 1)),
        ];
        let mut rng = Rng::seed(71);
        for (xs, ws, padding) in cases {
            let opt = Conv2d { padding, ..Conv2d::default() };
            let x = Tensor::rand_normal(xs, 0.0, 1.0, &mut rng);
            let w = Tensor::rand_normal(ws, 0.0, 1.0, &mut rng);
            let b = Tensor::rand_normal([ws[0]], 0.0, 1.0, &mut rng);
            let g = crate::conv2d::Geometry::new(x.shape(), w.shape(), &opt);
            let plan = super::applicable(&g).expect("a Winograd geometry");
            let got = Tensor::written(g.out_shape(), |y| {
                super::forward(x.data(), &w, Some(b.data()), &plan, y);
            });
            let want = conv2d_naive(&x, &w, Some(&b), &opt);
            assert_eq!(got.dims(), want.dims());
            // Measured worst errors relative to max(1, |y|), y of size √K ≈ 5-20: 5x5 up to ~1e-5,
            // 3x3 up to ~3e-5 (the transforms' weights up to 8 amplify the f32 rounding, header of
            // `winograd.rs`). 1e-4 keeps a margin; one wrong tap (|w·x| ~ 1) is far outside it.
            let e = worst(&got, &want);
            eprintln!("winograd {xs:?} {ws:?} {padding:?}: worst relative error {e:.2e}");
            assert!(e <= 4e-4, "{xs:?} {ws:?}: worst relative error {e:.2e}");
        }
    }
}
