//! Average pooling (windows in `pool2d.rs`), torch `avg_pool2d` with count_include_pad = True and
//! ceil_mode = False, so every window divides by kh·kw (padding counts as zeros):
//!   y[n, c, p, q] = Σ_{window ∩ image} x[n, c, ·, ·] / (kh·kw)
//!   dx[n, c, r, s] = Σ_{windows (p, q) holding (r, s)} dy[n, c, p, q] / (kh·kw)
use crate::pool2d::PoolGeometry;
use crate::{Float, Pool2d, Shape, Tensor};
use rayon::prelude::*;

impl Tensor {
    /// Average pooling of `self: [N, C, H, W]`; panics naming the shape when `p` does not fit it.
    pub fn avg_pool2d(&self, p: &Pool2d) -> Tensor {
        let g = PoolGeometry::new("avg_pool2d", self.shape(), p);
        let (plane, per_y) = (g.h * g.w, g.oh * g.ow);
        let scale = 1.0 / (p.kernel.0 * p.kernel.1) as Float;
        let mut out = Tensor::zeros(g.out_shape(self.shape()));
        let y = out.data_mut();
        let one =
            |(c, y): (usize, &mut [Float])| avg_plane(&self.data()[c * plane..(c + 1) * plane], &g, scale, y);
        if per_y > 0 && g.split() {
            y.par_chunks_mut(per_y).enumerate().for_each(one);
        } else if per_y > 0 {
            y.chunks_mut(per_y).enumerate().for_each(one);
        }
        out
    }

    /// dx for `avg_pool2d`: `self` is dy, `input` the forward's input shape.
    pub fn avg_pool2d_backward(&self, input: &Shape, p: &Pool2d) -> Tensor {
        let g = PoolGeometry::new("avg_pool2d backward", input, p);
        assert!(
            self.shape() == &g.out_shape(input),
            "avg_pool2d backward: dy shape {} for input shape {input}",
            self.shape()
        );
        let scale = 1.0 / (p.kernel.0 * p.kernel.1) as Float;
        let mut out = Tensor::zeros(input.clone());
        let dx = out.data_mut();
        for (c, dy) in self.data().chunks_exact(g.oh * g.ow).enumerate() {
            for (t, &d) in dy.iter().enumerate() {
                let (rows, cols) = g.window(t / g.ow, t % g.ow);
                for r in rows {
                    dx[(c * g.h + r) * g.w..][cols.clone()].iter_mut().for_each(|v| *v += d * scale);
                }
            }
        }
        out
    }
}

crate::multiversion! {
    /// One plane: per output row, each window cell (row r, window column j) is one pass adding
    /// x[r, q·sw + j − pw] to every output column q it reaches; then the row is scaled.
    fn avg_plane(x: &[Float], g: &PoolGeometry, scale: Float, y: &mut [Float]) -> () {
        let (qs, sw, pw) = (g.q_ranges(), g.p.stride.1, g.p.padding.1);
        for (p, y) in y.chunks_exact_mut(g.ow).enumerate() {
            for r in g.window(p, 0).0 {
                let row = &x[r * g.w..(r + 1) * g.w];
                for (j, qr) in qs.iter().enumerate() {
                    for q in qr.clone() {
                        y[q] += row[q * sw + j - pw];
                    }
                }
            }
            for s in y.iter_mut() {
                *s *= scale;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Pool2d, Tensor};
    use downhill_testing::assert_close;

    #[test]
    fn padding_counts_as_zeros_in_the_divisor() {
        // 2×2 plane [1, 2; 3, 4], 2×2 windows, stride 1, padding 1: a 3×3 output whose corners hold
        // one pixel / 4, edges two pixels / 4 and the centre all four: 10 / 4.
        let x = Tensor::from_vec(vec![1.0, 2.0, 3.0, 4.0], [1, 1, 2, 2]).unwrap();
        let p = Pool2d { kernel: (2, 2), stride: (1, 1), padding: (1, 1) };
        let y = x.avg_pool2d(&p);
        // Sums of ≤ 4 small integers times 0.25: exact in f32, compared with the usual 1e-6.
        assert_close("y", y.data(), &[0.25, 0.75, 0.5, 1.0, 2.5, 1.5, 0.75, 1.75, 1.0], 1e-6);
        // Each pixel lies in four windows: dx = 4 · 1/4 = 1 for dy = 1.
        assert_close(
            "dx",
            Tensor::ones([1, 1, 3, 3]).avg_pool2d_backward(x.shape(), &p).data(),
            &[1.0; 4],
            1e-6,
        );
    }

    #[test]
    fn default_stride_averages_disjoint_blocks() {
        let x = Tensor::linspace(0.0, 15.0, 16).reshape([1, 1, 4, 4]);
        // Blocks {0,1,4,5}, {2,3,6,7}, {8,9,12,13}, {10,11,14,15}: means 2.5, 4.5, 10.5, 12.5.
        assert_close("y", x.avg_pool2d(&Pool2d::new((2, 2))).data(), &[2.5, 4.5, 10.5, 12.5], 1e-6);
    }
}
