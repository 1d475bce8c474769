//! Max pooling (windows in `pool2d.rs`), torch `max_pool2d` with padding read as −∞:
//!   y[n, c, p, q] = max over the window of x[n, c, ·, ·],   a[n, c, p, q] = where that max is
//!   dx[n, c][a[n, c, p, q]] += dy[n, c, p, q]    (each gradient goes to the pixel it came from)
//! with a the position within the plane (u32: planes are below 2³² values; half the bytes of a
//! flat usize, and the 2×2 pooling's are the bulk of what the backward reads).
//! Ties go to the first maximum in row-major window order and a NaN wins, as in torch's CPU kernel
//! (`val > max || isnan(val)`).
use crate::max_pool2d_pairs::{pairs_backward_plane, pairs_plane};
use crate::pool2d::PoolGeometry;
use crate::scratch::with_u32_scratch;
use crate::{Float, Indices, Pool2d, Shape, Tensor};
use rayon::prelude::*;

impl Tensor {
    /// Max pooling of `self: [N, C, H, W]`; returns the output and, per output value, the index
    /// within its H × W plane of the value it took (for `max_pool2d_backward`). Panics naming the
    /// shape when `p` does not fit it.
    pub fn max_pool2d(&self, p: &Pool2d) -> (Tensor, Indices<u32>) {
        let g = PoolGeometry::new("max_pool2d", self.shape(), p);
        let (plane, per_y) = (g.h * g.w, g.oh * g.ow);
        assert!(plane <= u32::MAX as usize, "max_pool2d: planes of shape {} exceed 2³² values", self.shape());
        // Every output and index is written below (each output row starts at −∞).
        let mut argmax = Indices::written(g.planes * per_y, |_| {});
        let y = Tensor::written(g.out_shape(self.shape()), |y| {
            if per_y == 0 {
                return;
            }
            // Tasks of several planes, so the per-call set-up is paid rarely.
            let chunk = per_y * g.planes.div_ceil(4 * rayon::current_num_threads()).max(1);
            let one = |(c, (y, at)): (usize, (&mut [Float], &mut [u32]))| {
                let first = c * chunk / per_y;
                let planes = first * plane..(first + y.len() / per_y) * plane;
                with_u32_scratch(g.ow, |buf| max_planes(&self.data()[planes], &g, y, at, buf))
            };
            if g.split() {
                y.par_chunks_mut(chunk).zip(argmax.par_chunks_mut(chunk)).enumerate().for_each(one);
            } else {
                one((0, (y, &mut argmax)));
            }
        });
        (y, argmax)
    }

    /// dx for `max_pool2d`: `self` is dy, `argmax` the indices the forward returned, `input` the
    /// forward's input shape and `p` its pooling.
    pub fn max_pool2d_backward(&self, argmax: &[u32], input: &Shape, p: &Pool2d) -> Tensor {
        assert!(
            argmax.len() == self.numel(),
            "max_pool2d backward: {} indices for dy shape {}",
            argmax.len(),
            self.shape()
        );
        let g = PoolGeometry::new("max_pool2d backward", input, p);
        let (planes, plane, per_y) = (g.planes, g.h * g.w, g.oh * g.ow);
        assert!(
            self.shape() == &g.out_shape(input),
            "max_pool2d backward: dy shape {} for input {input} with {p:?}",
            self.shape()
        );
        // Windows that tile the plane write each cell of dx once, with no clearing pass (on AVX-512).
        let pairs = (p.kernel, p.stride, p.padding) == ((2, 2), (2, 2), (0, 0));
        // A window never leaves its plane, so each plane's gradient is its own: cleared and
        // scattered while it is in cache (one write of dx to memory, not a clearing pass and then
        // a scattering pass), planes spread over the threads as in the forward.
        Tensor::written(input.clone(), |dx| {
            if plane == 0 {
                return;
            }
            let chunk = plane * planes.div_ceil(4 * rayon::current_num_threads()).max(1);
            let (dy, at) = (self.data(), argmax);
            let one = |(c, d): (usize, &mut [Float])| {
                let (first, n) = (c * chunk / plane, d.len() / plane);
                let ys = first * per_y..(first + n) * per_y;
                let (dys, ats) = (dy[ys.clone()].chunks_exact(per_y), at[ys].chunks_exact(per_y));
                for ((dy, at), d) in dys.zip(ats).zip(d.chunks_exact_mut(plane)) {
                    if pairs && pairs_backward_plane(dy, at, g.w, g.ow, d) {
                        continue;
                    }
                    d.fill(0.0);
                    for (&i, &g) in at.iter().zip(dy) {
                        d[i as usize] += g;
                    }
                }
            };
            if planes > 1 && planes * plane >= 1 << 18 {
                dx.par_chunks_mut(chunk).enumerate().for_each(one);
            } else {
                one((0, dx));
            }
        })
    }
}

crate::multiversion! {
    /// Consecutive planes, output row by output row. The window's cells (row r, window column j) are
    /// visited in row-major order, each as one pass over the output row keeping a running maximum
    /// and its index within the plane per output (u32, the width of f32), so ties keep the first.
    /// Windows that tile the rows (stride = kernel, no padding: the usual 2×2 pooling) take a pass
    /// without bounds logic. (Reducing one output at a time with the maximum in registers was 3x
    /// slower: every cell's compare and select is then one long dependency chain.)
    /// `buf` is scratch of OW values (taken outside: a closure here would not get the target's
    /// instructions).
    fn max_planes(x: &[Float], g: &PoolGeometry, y: &mut [Float], at: &mut [u32], buf: &mut [u32]) -> () {
        if (g.p.kernel, g.p.stride, g.p.padding) == ((2, 2), (2, 2), (0, 0)) {
            let (plane, per_y) = (g.h * g.w, g.oh * g.ow);
            for (c, (y, at)) in y.chunks_exact_mut(per_y).zip(at.chunks_exact_mut(per_y)).enumerate() {
                pairs_plane(&x[c * plane..(c + 1) * plane], g.w, g.ow, y, at);
            }
            return;
        }
        let (kw, sw, pw) = (g.p.kernel.1, g.p.stride.1, g.p.padding.1);
        let firsts = &mut buf[..g.ow];
        firsts.iter_mut().enumerate().for_each(|(q, f)| *f = g.window(0, q).1.start as u32);
        let (ys, ats) = (y.chunks_exact_mut(g.ow), at.chunks_exact_mut(g.ow));
        for (t, (y, at)) in ys.zip(ats).enumerate() {
            let (c, p) = (t / g.oh, t % g.oh);
            let (x, rows) = (&x[c * g.h * g.w..(c + 1) * g.h * g.w], g.window(p, 0).0);
            y.fill(Float::NEG_INFINITY);
            for (a, &f) in at.iter_mut().zip(&*firsts) {
                *a = (rows.start * g.w) as u32 + f;
            }
            for r in rows {
                let (row, start) = (&x[r * g.w..(r + 1) * g.w], (r * g.w) as u32);
                match (kw, sw == kw && pw == 0) {
                    (2, true) => tiled_pass(row, start, 2, y, at),
                    (_, true) => tiled_pass(row, start, kw, y, at),
                    _ => general_pass(row, start, g, y, at),
                }
            }
        }
    }
}

/// `(m, a) = (v, i)` when v > m or v is NaN (torch's rule), through bit masks: written as `if`,
/// LLVM made it a branch, which random data mispredicts half the time (40 cycles per output).
#[inline(always)]
pub(crate) fn keep_max(v: Float, i: u32, m: &mut Float, a: &mut u32) {
    let mask = (((v > *m) | v.is_nan()) as u32).wrapping_neg();
    *m = Float::from_bits((v.to_bits() & mask) | (m.to_bits() & !mask));
    *a = (i & mask) | (*a & !mask);
}

/// One window row of windows that tile the row: output q sees row[q·kw + j] for j < kw.
#[inline(always)]
fn tiled_pass(row: &[Float], start: u32, kw: usize, y: &mut [Float], at: &mut [u32]) {
    for j in 0..kw {
        for (q, ((m, a), c)) in y.iter_mut().zip(at.iter_mut()).zip(row.chunks_exact(kw)).enumerate() {
            keep_max(c[j], start + (q * kw + j) as u32, m, a);
        }
    }
}

/// One window row for any stride and padding: output q sees row[q·sw + j − pw] where that is inside.
#[inline(always)]
fn general_pass(row: &[Float], start: u32, g: &PoolGeometry, y: &mut [Float], at: &mut [u32]) {
    let (sw, pw) = (g.p.stride.1, g.p.padding.1);
    for (j, qr) in g.q_ranges().into_iter().enumerate() {
        for q in qr {
            let col = q * sw + j - pw;
            keep_max(row[col], start + col as u32, &mut y[q], &mut at[q]);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Float, Pool2d, Tensor};

    #[test]
    fn picks_window_maxima_and_their_first_position() {
        // 4×4 plane, 2×2 windows: ties (the 5s, the 7s) go to the first in row-major order.
        let x = Tensor::from_vec(
            vec![1., 5., 5., 2., 3., 4., 0., 1., 7., 7., 6., 6., 7., 7., 6., 6.],
            [1, 1, 4, 4],
        )
        .unwrap();
        let (y, at) = x.max_pool2d(&Pool2d::new((2, 2)));
        // Exact: max pooling selects stored values.
        assert_eq!(y.data(), &[5.0, 5.0, 7.0, 6.0]);
        assert_eq!(at, vec![1, 2, 8, 10]);
        let dx = Tensor::vector(vec![1.0, 2.0, 3.0, 4.0]).reshape([1, 1, 2, 2]).max_pool2d_backward(
            &at,
            x.shape(),
            &Pool2d::new((2, 2)),
        );
        let mut want = [0.0; 16];
        (want[1], want[2], want[8], want[10]) = (1.0, 2.0, 3.0, 4.0);
        assert_eq!(dx.data(), &want[..]);
    }

    #[test]
    fn padding_never_wins_and_overlapping_windows_add_gradients() {
        // All values negative: a zero padding would win; −∞ padding does not. Windows 3×3, stride 1,
        // padding 1 over a 2×2 plane: every window holds the whole plane, so all four pick −1 (index 3).
        let x = Tensor::from_vec(vec![-4.0, -3.0, -2.0, -1.0], [1, 1, 2, 2]).unwrap();
        let p = Pool2d { kernel: (3, 3), stride: (1, 1), padding: (1, 1) };
        let (y, at) = x.max_pool2d(&p);
        assert_eq!((y.data(), &at[..]), (&[-1.0; 4][..], &[3, 3, 3, 3][..]));
        // Exact: the four gradients 1 add up at the one winning pixel.
        assert_eq!(
            Tensor::ones([1, 1, 2, 2]).max_pool2d_backward(&at, x.shape(), &p).data(),
            &[0.0, 0.0, 0.0, 4.0]
        );
    }

    #[test]
    fn two_by_two_pooling_matches_a_direct_reading_of_the_definition() {
        // Odd sizes (the last row and column are left out) and many ties (values in 0..4).
        let (n, c, h, w) = (2, 3, 7, 9);
        let x =
            Tensor::from_vec((0..n * c * h * w).map(|i| ((i * 7919) % 4) as Float).collect(), [n, c, h, w])
                .unwrap();
        let (y, at) = x.max_pool2d(&Pool2d::new((2, 2)));
        assert_eq!(y.dims(), &[n, c, 3, 4]);
        let mut k = 0;
        for plane in 0..n * c {
            for p in 0..3 {
                for q in 0..4 {
                    let cells =
                        [(2 * p, 2 * q), (2 * p, 2 * q + 1), (2 * p + 1, 2 * q), (2 * p + 1, 2 * q + 1)];
                    let flat = cells.map(|(r, col)| plane * h * w + r * w + col);
                    // The first maximum in row-major order (exact: stored values compared).
                    let best =
                        flat.into_iter().fold(flat[0], |b, i| if x.data()[i] > x.data()[b] { i } else { b });
                    assert_eq!(
                        (y.data()[k], at[k] as usize),
                        (x.data()[best], best - plane * h * w),
                        "plane {plane}, output ({p}, {q})"
                    );
                    k += 1;
                }
            }
        }
    }

    #[test]
    fn the_threaded_backward_scatters_as_one_pass_would() {
        // 3×3 windows with stride 2 overlap (shared edges add up); 64 planes of 64×64 take the
        // threaded path. Exact: each pixel's sum adds the same dy values in the same order.
        let x = Tensor::rand_normal([4, 16, 64, 64], 0.0, 1.0, &mut crate::Rng::seed(3));
        let p = Pool2d { kernel: (3, 3), stride: (2, 2), padding: (1, 1) };
        let (y, at) = x.max_pool2d(&p);
        let dy = Tensor::rand_normal(y.dims(), 0.0, 1.0, &mut crate::Rng::seed(4));
        let mut want = vec![0.0; x.numel()];
        let (plane, per_y) = (64 * 64, y.numel() / 64);
        at.iter()
            .zip(dy.data())
            .enumerate()
            .for_each(|(k, (&i, &g))| want[k / per_y * plane + i as usize] += g);
        assert_eq!(dy.max_pool2d_backward(&at, x.shape(), &p).data(), &want[..]);
    }

    #[test]
    fn nan_propagates() {
        let x = Tensor::from_vec(vec![1.0, Float::NAN, 3.0, 2.0], [1, 1, 2, 2]).unwrap();
        let (y, at) = x.max_pool2d(&Pool2d::new((2, 2)));
        assert!(y.data()[0].is_nan() && at == vec![1]);
    }
}
