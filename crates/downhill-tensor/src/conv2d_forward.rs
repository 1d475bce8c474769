//! Convolution forward (formula in `conv2d.rs`), one matrix product per image and group:
//!   Y_n[g] = W[g] · cols_n[g] (+ b)    Y_n[g]: [O/G, OH·OW],  W[g]: [O/G, K],  cols_n[g]: [K, OH·OW]
//! with K = (C/G)·kh·kw and cols_n the unfolded image n (`im2col.rs`). Per image, not one product
//! over the whole batch: an image's columns (≤ 313 KB for the MNIST CNN) stay in L2, and these
//! shapes ran at 90-115 GFLOP/s on one thread against 33-55 for the batch-wide product whose 20 MB
//! of columns streams through memory. Images are spread over rayon's threads, each product on one
//! thread, once the batch reaches `BATCH_SPLIT_WORK` multiply-adds (PERFORMANCE.md: threading one
//! small product loses).
use crate::conv2d::Geometry;
use crate::conv2d_direct;
use crate::im2col::{columns, columns_len};
use crate::matmul::BATCH_SPLIT_WORK;
use crate::scratch::with_scratch;
use crate::{gemm, Conv2d, Float, MatRef, Parallelism, Tensor};
use rayon::prelude::*;

impl Tensor {
    /// 2-D convolution of `self: [N, C, H, W]` with `weight: [O, C/groups, kh, kw]` plus an optional
    /// `bias: [O]`, torch semantics (`conv2d.rs`). Panics naming the shapes when they do not fit.
    pub fn conv2d(&self, weight: &Tensor, bias: Option<&Tensor>, opt: &Conv2d) -> Tensor {
        let g = Geometry::new(self.shape(), weight.shape(), opt);
        if let Some(b) = bias {
            assert!(
                b.dims() == [g.o],
                "conv2d: bias shape {} for weight shape {}",
                b.shape(),
                weight.shape()
            );
        }
        if let Some(plan) = crate::conv2d_winograd::plan(&g) {
            let b = bias.map(Tensor::data);
            return Tensor::written(g.out_shape(), |y| {
                crate::conv2d_winograd::forward(self.data(), weight, b, &plan, y)
            });
        }
        let (per_x, per_y) = (g.c * g.h * g.w, g.o * g.l());
        let (w, b) = (weight.data(), bias.map(Tensor::data));
        if conv2d_direct::fits(&g) {
            // Every output value is written (`conv2d_direct::forward`).
            return Tensor::written(g.out_shape(), |y| conv2d_direct::forward(self.data(), w, b, &g, y));
        }
        let image = |(yn, xn): (&mut [Float], &[Float])| {
            with_scratch(columns_len(&g), |buf| forward_image(xn, w, b, &g, buf, yn))
        };
        // `forward_image` writes every output value (the bias, then the product added to it, or the
        // product with beta = 0).
        Tensor::written(g.out_shape(), |y| {
            if y.is_empty() {
                return;
            }
            if g.n > 1 && g.macs() >= BATCH_SPLIT_WORK {
                y.par_chunks_mut(per_y).zip(self.data().par_chunks(per_x)).for_each(image);
            } else {
                y.chunks_mut(per_y).zip(self.data().chunks(per_x)).for_each(image);
            }
        })
    }
}

/// Y_n = W · cols_n (+ b) for one image, group by group, on the calling thread (`buf`: scratch of
/// `columns_len` values).
fn forward_image(
    x: &[Float],
    w: &[Float],
    b: Option<&[Float]>,
    g: &Geometry,
    buf: &mut [Float],
    y: &mut [Float],
) {
    let cols = columns(x, g, buf);
    let (k, og, l) = (g.k(), g.og(), g.l());
    for grp in 0..g.groups {
        let wg = MatRef::row_major(&w[grp * og * k..(grp + 1) * og * k], og, k);
        let cg = MatRef::row_major(&cols[grp * k * l..(grp + 1) * k * l], k, l);
        gemm(1.0, wg, cg, 0.0, &mut y[grp * og * l..(grp + 1) * og * l], Parallelism::Sequential);
    }
    // The bias is added after the product, while the image's output is still in cache: filling it
    // first and accumulating (beta = 1) made the product read it back, 15% of the first layer's time.
    if let Some(b) = b {
        add_bias(y, b, l);
    }
}

crate::multiversion! {
    /// y[o, ·] += b[o] for each of the rows of length `l`.
    fn add_bias(y: &mut [Float], b: &[Float], l: usize) -> () {
        for (row, &bo) in y.chunks_exact_mut(l).zip(b) {
            for v in row.iter_mut() {
                *v += bo;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{conv2d_naive, Conv2d, Rng, Tensor};
    use downhill_testing::assert_close;

    #[test]
    fn a_3x3_image_with_a_known_kernel() {
        // x = 1..9 row by row, w = [[1, 0], [0, -1]]: y[p, q] = x[p, q] − x[p+1, q+1] = −4 everywhere
        // without padding; with padding 1 the corners see one pixel: y[0, 0] = −x[0, 0] = −1 and
        // y[3, 3] = x[2, 2] = 9; bias 0.5 is added to every value.
        let x = Tensor::linspace(1.0, 9.0, 9).reshape([1, 1, 3, 3]);
        let w = Tensor::from_vec(vec![1.0, 0.0, 0.0, -1.0], [1, 1, 2, 2]).unwrap();
        let b = Tensor::vector(vec![0.5]);
        // Sums of two small integers and 0.5: exact in f32, but compared with the usual 1e-6.
        assert_close("valid", x.conv2d(&w, Some(&b), &Conv2d::default()).data(), &[-3.5; 4], 1e-6);
        let padded = x.conv2d(&w, None, &Conv2d { padding: (1, 1), ..Conv2d::default() });
        assert_eq!(padded.dims(), &[1, 1, 4, 4]);
        let want = [-1., -2., -3., 0., -4., -4., -4., 3., -7., -4., -4., 6., 0., 7., 8., 9.];
        assert_close("padded", padded.data(), &want, 1e-6);
    }

    #[test]
    fn matches_the_direct_formula_on_odd_geometries() {
        let mut rng = Rng::seed(33);
        for (xs, ws, stride, padding, dilation, groups) in crate::conv2d::TEST_GEOMETRIES {
            let opt = Conv2d { stride, padding, dilation, groups };
            let x = Tensor::rand_normal(xs, 0.0, 1.0, &mut rng);
            let w = Tensor::rand_normal(ws, 0.0, 1.0, &mut rng);
            let b = Tensor::rand_normal([ws[0]], 0.0, 1.0, &mut rng);
            let (got, want) = (x.conv2d(&w, Some(&b), &opt), conv2d_naive(&x, &w, Some(&b), &opt));
            assert_eq!(got.dims(), want.dims(), "{opt:?}");
            // Each value sums K ≤ 50 products of N(0, 1) values in f32 (the reference in f64): the
            // rounding error is about √K · 6e-8 · Σ|w·x| ≈ 3e-6 at most here, so 2e-5 relative.
            // Geometries run by Winograd round more (its transforms weigh values by up to 8; see
            // `winograd.rs` and its own test, which measures it): 2e-4.
            let g = crate::conv2d::Geometry::new(x.shape(), w.shape(), &opt);
            let tol = if crate::conv2d_winograd::plan(&g).is_some() { 2e-4 } else { 2e-5 };
            assert_close(&format!("{opt:?}"), got.data(), want.data(), tol);
        }
    }

    #[test]
    #[should_panic(expected = "conv2d: bias shape [3] for weight shape [2, 1, 1, 1]")]
    fn a_wrong_bias_panics_naming_both_shapes() {
        let x = Tensor::zeros([1, 1, 2, 2]);
        x.conv2d(&Tensor::zeros([2, 1, 1, 1]), Some(&Tensor::zeros([3])), &Conv2d::default());
    }
}
