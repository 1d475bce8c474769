//! Direct convolution for inputs with few channels (an image model's first layer: one grey or three
//! colour channels), at stride 1 without dilation or groups (formula in `conv2d.rs`):
//!   y[n, o, p, q]  = b[o] + Σ_{c,i,j} w[o, c, i, j] · xp_n[c, p + i, q + j]
//!   dW[o, c, i, j] = Σ_n Σ_{p,q} dy[n, o, p, q] · xp_n[c, p + i, q + j]
//!   db[o]          = Σ_n Σ_{p,q} dy[n, o, p, q]
//! with xp_n image n zero-padded. Through im2col such a layer is a product with a short inner
//! dimension (K = C·kh·kw = 25 for one 5×5 channel) and few rows (O), which ran at 120 GFLOP/s
//! forward and 89 backward on 2 threads for the MNIST CNN's first layer (FMA roof about 420), after
//! copying the image kh·kw times. Here the sums run in vector registers:
//! - forward, per output row: 8 channels × 32 columns (16 accumulators), each tap one load of the
//!   padded input row (two vectors) and 8 broadcast weights for 16 fused multiply-adds;
//! - dW, per kernel row (c, i): 4 channels × kw taps of 16 lanes (up to 20 accumulators), each step
//!   4 masked loads of dy (read in place) and kw shifted loads of the input row for 4·kw
//!   multiply-adds; db rides along on the first kernel row. The lanes are added together once at
//!   the end (in f64). Blocking by kernel row keeps dy's reads to C·kh passes per image: one pass
//!   per tap read it from L2 25 times and ran at a third of this speed.
//!
//! Each value is a chain of fused multiply-adds in a fixed order (forward: taps in (c, i, j) order;
//! dW and db: rows and columns within an image, images, parts of the batch, then lanes), so results do not
//! depend on threading. The kernels are AVX-512 (their accumulators need its 32 registers); other
//! CPUs keep the im2col path. The input gradient is not computed here: its product is long
//! (K = O·kh·kw) and runs well through `col2im.rs`, and a first layer, the case this is for, needs
//! none.
use crate::conv2d::Geometry;
use crate::im2col::copy_run;
use crate::lanes::first_lanes;
use crate::matmul::BATCH_SPLIT_WORK;
use crate::scratch::with_scratch;
use crate::{Float, Shape, Tensor};
use rayon::prelude::*;

/// f32 lanes of one vector.
const LANES: usize = 16;
/// Output columns per forward register block: two vectors.
const COLS: usize = 2 * LANES;
/// Output channels per forward register block: 8 × 2 vectors = 16 accumulators.
const CHANNELS: usize = 8;
/// Output channels per dW register block: 4 × kw ≤ 20 accumulators.
const GRAD_CHANNELS: usize = 4;
/// Largest C·kh·kw taken: above it the im2col product's inner dimension is long enough to run well
/// (3 colour channels with a 5×5 kernel is 75).
const MAX_TAPS: usize = 75;
/// Widest kernel taken: dW keeps 4·kw accumulators.
const MAX_KW: usize = 5;

/// Whether the direct kernels take this convolution.
pub(crate) fn fits(g: &Geometry) -> bool {
    let plain = (g.sh, g.sw, g.dh, g.dw, g.groups) == (1, 1, 1, 1, 1);
    let small = g.c * g.kh * g.kw <= MAX_TAPS && (2..=MAX_KW).contains(&g.kw);
    plain && small && g.ow >= 8 && crate::few_rows::vector_path()
}

/// Output channels rounded up to whole forward blocks (a multiple of `GRAD_CHANNELS` too).
fn channels_padded(g: &Geometry) -> usize {
    g.o.div_ceil(CHANNELS) * CHANNELS
}

/// The padded image's row length: every block's loads stay inside it (OW rounded up to whole
/// forward blocks, plus the kernel's width less one).
fn row_len(g: &Geometry) -> usize {
    g.ow.div_ceil(COLS) * COLS + g.kw - 1
}

/// Values of one padded image: C planes of H + 2·ph rows.
fn padded_len(g: &Geometry) -> usize {
    g.c * g.hp() * row_len(g)
}

/// Copies image `x` [C, H, W] into the rows of `xp` (ph rows down, pw values in), whose other
/// values were zeroed once and are never written.
fn pad(x: &[Float], g: &Geometry, xp: &mut [Float]) {
    let rl = row_len(g);
    for (plane, xc) in xp.chunks_exact_mut(g.hp() * rl).zip(x.chunks_exact(g.h * g.w)) {
        for (r, src) in xc.chunks_exact(g.w).enumerate() {
            copy_run(&mut plane[(r + g.ph) * rl + g.pw..][..g.w], src);
        }
    }
}

/// Writes the weights as taps × channels into `out` [C·kh·kw, channels padded], zero in the padded
/// columns, so a block's 8 weights for one tap are consecutive.
fn taps_by_channel(w: &[Float], g: &Geometry, out: &mut [Float]) {
    let (taps, op) = (g.c * g.kh * g.kw, channels_padded(g));
    out.fill(0.0);
    for (o, wo) in w.chunks_exact(taps).enumerate() {
        for (t, &v) in wo.iter().enumerate() {
            out[t * op + o] = v;
        }
    }
}

/// y = conv(x, w) + b over the batch, images spread over rayon's threads past `BATCH_SPLIT_WORK`.
/// Allocates nothing: each task's padded image and weights live in the thread's scratch.
pub(crate) fn forward(x: &[Float], w: &[Float], b: Option<&[Float]>, g: &Geometry, y: &mut [Float]) {
    let (per_x, per_y) = (g.c * g.h * g.w, g.o * g.l());
    let wt_len = g.c * g.kh * g.kw * channels_padded(g);
    let images = |ys: &mut [Float], xs: &[Float]| {
        with_scratch(padded_len(g) + wt_len, |buf| {
            let (xp, wt) = buf.split_at_mut(padded_len(g));
            xp.fill(0.0);
            taps_by_channel(w, g, wt);
            for (yn, xn) in ys.chunks_exact_mut(per_y).zip(xs.chunks_exact(per_x)) {
                pad(xn, g, xp);
                #[cfg(target_arch = "x86_64")]
                // SAFETY: `fits` admits only CPUs with every instruction set the kernel is compiled for.
                unsafe {
                    forward_image(xp, wt, b.unwrap_or(&[]), g, yn)
                }
            }
        })
    };
    if g.n > 1 && g.macs() >= BATCH_SPLIT_WORK {
        let per_task = g.n.div_ceil(4 * rayon::current_num_threads());
        y.par_chunks_mut(per_task * per_y)
            .zip(x.par_chunks(per_task * per_x))
            .for_each(|(ys, xs)| images(ys, xs));
    } else {
        images(y, x);
    }
}

/// One padded image's output [O, OH, OW] (plus the bias, when `b` is not empty).
// AVX-512 intrinsics: plain loops with `mul_add` over arrays were compiled to 256-bit vectors with
// the accumulators spilled to the stack (as `few_rows.rs` found for its kernel).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512vl,avx2,fma")]
unsafe fn forward_image(xp: &[Float], wt: &[Float], b: &[Float], g: &Geometry, y: &mut [Float]) {
    use std::arch::x86_64::{
        __m512, _mm512_add_ps, _mm512_fmadd_ps, _mm512_loadu_ps, _mm512_mask_storeu_ps, _mm512_set1_ps,
        _mm512_setzero_ps,
    };
    let (rl, op, taps) = (row_len(g), channels_padded(g), g.c * g.kh * g.kw);
    assert!(
        xp.len() >= padded_len(g) && wt.len() >= taps * op && y.len() >= g.o * g.l(),
        "direct conv: buffers"
    );
    // Each tap's offset in the padded image (computed once: a division per tap cost more than its
    // 16 multiply-adds).
    let mut offsets = [0usize; MAX_TAPS];
    for (t, off) in offsets.iter_mut().enumerate().take(taps) {
        let (c, i, j) = (t / (g.kh * g.kw), t / g.kw % g.kh, t % g.kw);
        *off = (c * g.hp() + i) * rl + j;
    }
    for ob in (0..g.o).step_by(CHANNELS) {
        let live = CHANNELS.min(g.o - ob);
        for p in 0..g.oh {
            for q0 in (0..g.ow).step_by(COLS) {
                let cols = COLS.min(g.ow - q0);
                // SAFETY: input loads read 32 floats from p·rl + q0 + offsets[t] (row c·(H + 2ph) +
                // p + i < C·(H + 2ph), column q0 + j with q0 + j + 32 <= row_len); weights read
                // t·op + ob + k < taps·op; stores write `cols` floats of output row (ob + k, p) from
                // q0, inside y (masked to cols, k < live).
                unsafe {
                    let mut acc: [[__m512; 2]; CHANNELS] = [[_mm512_setzero_ps(); 2]; CHANNELS];
                    let base = xp.as_ptr().add(p * rl + q0);
                    for (t, &off) in offsets.iter().enumerate().take(taps) {
                        let src = base.add(off);
                        let (v0, v1) = (_mm512_loadu_ps(src), _mm512_loadu_ps(src.add(LANES)));
                        let ws = wt.as_ptr().add(t * op + ob);
                        for (k, pair) in acc.iter_mut().enumerate() {
                            let w = _mm512_set1_ps(*ws.add(k));
                            pair[0] = _mm512_fmadd_ps(w, v0, pair[0]);
                            pair[1] = _mm512_fmadd_ps(w, v1, pair[1]);
                        }
                    }
                    let masks = [first_lanes(cols), first_lanes(cols.saturating_sub(LANES))];
                    for (k, pair) in acc.iter().enumerate().take(live) {
                        let bias = _mm512_set1_ps(b.get(ob + k).copied().unwrap_or(0.0));
                        let dst = y.as_mut_ptr().add(((ob + k) * g.oh + p) * g.ow + q0);
                        _mm512_mask_storeu_ps(dst, masks[0], _mm512_add_ps(pair[0], bias));
                        _mm512_mask_storeu_ps(dst.add(LANES), masks[1], _mm512_add_ps(pair[1], bias));
                    }
                }
            }
        }
    }
}

/// ∂L/∂W [O, C, kh, kw] and ∂L/∂b [O] of the batch: parts of the batch on rayon's threads (past
/// `BATCH_SPLIT_WORK`), each summing its images' lane-wise products into its slot of one pooled
/// tensor; the parts are added in order, then the lanes. Allocates nothing once the pool is warm.
pub(crate) fn weight_grad(x: &[Float], dy: &[Float], g: &Geometry, w_shape: &Shape) -> (Tensor, Tensor) {
    let (per_x, per_y, taps, op) = (g.c * g.h * g.w, g.o * g.l(), g.c * g.kh * g.kw, channels_padded(g));
    let split = g.n > 1 && g.macs() >= BATCH_SPLIT_WORK;
    let per_part = g.n.div_ceil(if split { 2 * rayon::current_num_threads() } else { 1 }).max(1);
    let parts = g.n.div_ceil(per_part).max(1);
    // Per part: taps·op lanes of dW, then op lanes of db.
    let len = (taps + 1) * op * LANES;
    let mut slots = Tensor::zeros([parts * len]);
    let part = |(p, sums): (usize, &mut [Float])| {
        with_scratch(padded_len(g), |xp| {
            xp.fill(0.0); // the padding stays zero: only the image's own values are written
            for n in p * per_part..((p + 1) * per_part).min(g.n) {
                pad(&x[n * per_x..][..per_x], g, xp);
                let dyn_ = &dy[n * per_y..][..per_y];
                #[cfg(target_arch = "x86_64")]
                // SAFETY: as in `forward`; `fits` admits kw in 2..=5 only.
                unsafe {
                    match g.kw {
                        2 => weight_grad_image::<2>(xp, dyn_, g, sums),
                        3 => weight_grad_image::<3>(xp, dyn_, g, sums),
                        4 => weight_grad_image::<4>(xp, dyn_, g, sums),
                        _ => weight_grad_image::<5>(xp, dyn_, g, sums),
                    }
                }
            }
        })
    };
    let chunks = slots.data_mut();
    if split {
        chunks.par_chunks_mut(len).enumerate().for_each(part);
    } else {
        chunks.chunks_mut(len).enumerate().for_each(part);
    }
    let (first, rest) = slots.data_mut().split_at_mut(len);
    rest.chunks_exact(len).for_each(|later| crate::simd::axpy(first, 1.0, later));
    let lanes =
        |o: usize, t: usize| first[(t * op + o) * LANES..][..LANES].iter().map(|&v| v as f64).sum::<f64>();
    let dw = Tensor::written(w_shape.clone(), |dw| {
        for (k, v) in dw.iter_mut().enumerate() {
            *v = lanes(k / taps, k % taps) as Float;
        }
    });
    let db = Tensor::written([g.o], |db| {
        for (o, v) in db.iter_mut().enumerate() {
            *v = lanes(o, taps) as Float;
        }
    });
    (dw, db)
}

/// Adds one image's products to `sums` ([taps, channels padded, 16 lanes] of dW, then
/// [channels padded, 16 lanes] of db): for each kernel row (c, i) and block of 4 channels,
/// Σ_{p, 16-column block} dy[o, p, q + l] · xp[c, p + i, q + j + l] per lane l and tap j, in 4·KW
/// vector accumulators, and on the first kernel row Σ dy[o, p, q + l] too. dy is read in place:
/// the columns past OW and channels past O are masked to zero.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512vl,avx2,fma")]
unsafe fn weight_grad_image<const KW: usize>(xp: &[Float], dy: &[Float], g: &Geometry, sums: &mut [Float]) {
    use std::arch::x86_64::{
        __m512, _mm512_add_ps, _mm512_fmadd_ps, _mm512_loadu_ps, _mm512_maskz_loadu_ps, _mm512_setzero_ps,
        _mm512_storeu_ps,
    };
    let (rl, op, taps) = (row_len(g), channels_padded(g), g.c * g.kh * KW);
    let fits = xp.len() >= padded_len(g) && dy.len() >= g.o * g.l() && sums.len() >= (taps + 1) * op * LANES;
    assert!(fits && g.kw == KW, "direct conv: buffers");
    for (c, i) in (0..g.c).flat_map(|c| (0..g.kh).map(move |i| (c, i))) {
        let first = c == 0 && i == 0;
        for ob in (0..op).step_by(GRAD_CHANNELS) {
            // Channels past O read channel O − 1 under an empty mask (no lane is loaded).
            let rows: [usize; GRAD_CHANNELS] = std::array::from_fn(|k| (ob + k).min(g.o - 1) * g.l());
            let live: [bool; GRAD_CHANNELS] = std::array::from_fn(|k| ob + k < g.o);
            // SAFETY: input loads read 16 floats from row c·(H + 2ph) + p + i at column q + j, with
            // q + j + 16 <= OW rounded up to 32, plus kw − 1, = row_len; dy loads read the lanes of
            // row (min(ob + k, O − 1), p) below OW − q only; sums' 16 floats at (t·op + ob + k)·16
            // for t <= taps are inside it.
            unsafe {
                let mut acc: [[__m512; KW]; GRAD_CHANNELS] = [[_mm512_setzero_ps(); KW]; GRAD_CHANNELS];
                let mut bias = [_mm512_setzero_ps(); GRAD_CHANNELS];
                for p in 0..g.oh {
                    let src = xp.as_ptr().add((c * g.hp() + p + i) * rl);
                    for q in (0..g.ow).step_by(LANES) {
                        let cols = first_lanes(g.ow - q);
                        let dv: [__m512; GRAD_CHANNELS] = std::array::from_fn(|k| {
                            let mask = if live[k] { cols } else { 0 };
                            _mm512_maskz_loadu_ps(mask, dy.as_ptr().add(rows[k] + p * g.ow + q))
                        });
                        if first {
                            bias.iter_mut().zip(&dv).for_each(|(b, &v)| *b = _mm512_add_ps(*b, v));
                        }
                        for j in 0..KW {
                            let x = _mm512_loadu_ps(src.add(q + j));
                            for (a, &v) in acc.iter_mut().zip(&dv) {
                                a[j] = _mm512_fmadd_ps(v, x, a[j]);
                            }
                        }
                    }
                }
                let add =
                    |s: *mut Float, a: __m512| _mm512_storeu_ps(s, _mm512_add_ps(_mm512_loadu_ps(s), a));
                for (k, per_k) in acc.iter().enumerate() {
                    for (j, &a) in per_k.iter().enumerate() {
                        let t = (c * g.kh + i) * KW + j;
                        add(sums.as_mut_ptr().add((t * op + ob + k) * LANES), a);
                    }
                    if first {
                        add(sums.as_mut_ptr().add((taps * op + ob + k) * LANES), bias[k]);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::conv2d::Geometry;
    use crate::{conv2d_naive, Conv2d, Rng, Tensor};
    use downhill_testing::assert_close;

    /// (x shape, w shape, padding).
    type Case = ([usize; 4], [usize; 4], (usize, usize));
    /// One channel as MNIST's first layer, with a batch large enough (7.5M multiply-adds) to be
    /// split over threads; three colour channels with a 3×3 kernel; odd sizes with a ragged last
    /// block (OW = 37 = 32 + 5); channels that are not a multiple of 8 or 4.
    const CASES: [Case; 4] = [
        ([24, 1, 28, 28], [16, 1, 5, 5], (2, 2)),
        ([3, 3, 11, 9], [5, 3, 3, 3], (1, 1)),
        ([2, 2, 7, 39], [11, 2, 3, 3], (0, 0)),
        ([1, 1, 6, 12], [3, 1, 2, 5], (1, 0)),
    ];

    #[test]
    fn these_cases_take_the_direct_kernels() {
        // The kernels need AVX-512: without it every case goes through im2col (and the tests
        // below then check that path against the same formulas).
        let wide = crate::few_rows::vector_path();
        for (xs, ws, padding) in CASES {
            let g = Geometry::new(&xs.into(), &ws.into(), &Conv2d { padding, ..Conv2d::default() });
            assert_eq!(super::fits(&g), wide, "{xs:?} {ws:?}");
        }
        let strided = Conv2d { stride: (2, 2), ..Conv2d::default() };
        assert!(!super::fits(&Geometry::new(&[1, 1, 28, 28].into(), &[4, 1, 5, 5].into(), &strided)));
        let deep = Geometry::new(&[1, 16, 14, 14].into(), &[4, 16, 5, 5].into(), &Conv2d::default());
        assert!(!super::fits(&deep), "K = 400 runs through im2col");
    }

    #[test]
    fn forward_matches_the_direct_formula() {
        let mut rng = Rng::seed(35);
        for (xs, ws, padding) in CASES {
            let opt = Conv2d { padding, ..Conv2d::default() };
            let x = Tensor::rand_normal(xs, 0.0, 1.0, &mut rng);
            let w = Tensor::rand_normal(ws, 0.0, 1.0, &mut rng);
            let b = Tensor::rand_normal([ws[0]], 0.0, 1.0, &mut rng);
            let (got, want) = (x.conv2d(&w, Some(&b), &opt), conv2d_naive(&x, &w, Some(&b), &opt));
            // Sums of at most 27 products of N(0, 1) values, fused in f32 against f64: well inside
            // the 2e-5 relative the im2col path is held to.
            assert_close(&format!("{xs:?} {ws:?}"), got.data(), want.data(), 2e-5);
        }
    }

    #[test]
    fn weight_and_bias_gradients_match_the_im2col_path() {
        // ∂L/∂W and ∂L/∂b summed over the batch, here against the same sums through im2col (asked
        // together with dx, which the direct kernels do not compute, so that call takes im2col).
        let mut rng = Rng::seed(36);
        for (xs, ws, padding) in CASES {
            let opt = Conv2d { padding, ..Conv2d::default() };
            let x = Tensor::rand_normal(xs, 0.0, 1.0, &mut rng);
            let w = Tensor::rand_normal(ws, 0.0, 1.0, &mut rng);
            let dy = Tensor::rand_normal(x.conv2d(&w, None, &opt).dims(), 0.0, 1.0, &mut rng);
            let direct = x.conv2d_backward(&w, &dy, &opt, [false, true, true]);
            let im2col = x.conv2d_backward(&w, &dy, &opt, [true, true, true]);
            // Each value sums up to 5·28·28 = 3920 products of N(0, 1) values, in different orders:
            // rounding of about √3920 · 6e-8 relative to Σ|dy·x|, so 1e-4 relative to the values'
            // scale (≈ √3920 · 1).
            let scale = (xs[0] * x.dims()[2] * x.dims()[3]) as f32;
            let (a, b) = (direct.weight.unwrap(), im2col.weight.unwrap());
            for (u, v) in a.data().iter().zip(b.data()) {
                assert!((u - v).abs() <= 1e-4 * scale.sqrt(), "{xs:?} {ws:?}: {u} vs {v}");
            }
            // db: the same sums of dy, in f64 by image and channel here, by part there.
            let (a, b) = (direct.bias.unwrap(), im2col.bias.unwrap());
            assert_close(&format!("db {xs:?}"), a.data(), b.data(), 1e-5);
            assert!(direct.input.is_none());
        }
    }
}
