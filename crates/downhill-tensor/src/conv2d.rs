//! 2-D convolution options and geometry, torch `nn.functional.conv2d` semantics (NCHW, zero padding):
//!   x: [N, C, H, W],  w: [O, C/G, kh, kw],  b: [O],  y: [N, O, OH, OW]
//!   OH = (H + 2·ph − dh·(kh − 1) − 1) / sh + 1        (likewise OW from W, pw, dw, kw, sw)
//!   y[n, o, p, q] = b[o] + Σ_{c' < C/G, i, j} w[o, c', i, j] · x[n, g·C/G + c', p·sh + i·dh − ph, q·sw + j·dw − pw]
//! with g = o / (O/G) the group of output channel o and x read as 0 outside the image. The kernels
//! (`conv2d_forward.rs`, `conv2d_backward.rs`) unfold each image (`im2col.rs`) and multiply.
use crate::{Float, Shape, Tensor};

/// Options of a 2-D convolution, each a (height, width) pair except `groups`. `Default` is torch's:
/// stride 1, no padding, dilation 1, one group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Conv2d {
    /// Step between kernel positions, (height, width).
    pub stride: (usize, usize),
    /// Zeros added on each side, (height, width).
    pub padding: (usize, usize),
    /// Spacing between kernel taps, (height, width).
    pub dilation: (usize, usize),
    /// Channel groups: input and output channels are split into this many independent blocks.
    pub groups: usize,
}

impl Default for Conv2d {
    fn default() -> Self {
        Conv2d { stride: (1, 1), padding: (0, 0), dilation: (1, 1), groups: 1 }
    }
}

impl Conv2d {
    /// The output (OH, OW) for an input (H, W) and kernel (kh, kw), or `None` when the dilated kernel
    /// is larger than the padded input.
    pub fn output_hw(&self, (h, w): (usize, usize), (kh, kw): (usize, usize)) -> Option<(usize, usize)> {
        let out = |n: usize, k: usize, s: usize, p: usize, d: usize| {
            let span = d * (k.max(1) - 1) + 1;
            (n + 2 * p >= span && k > 0).then(|| (n + 2 * p - span) / s + 1)
        };
        let (sh, sw) = self.stride;
        Some((
            out(h, kh, sh, self.padding.0, self.dilation.0)?,
            out(w, kw, sw, self.padding.1, self.dilation.1)?,
        ))
    }
}

/// Every size of one convolution, checked once against the operands' shapes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Geometry {
    pub n: usize,
    pub c: usize,
    pub h: usize,
    pub w: usize,
    pub o: usize,
    pub groups: usize,
    pub kh: usize,
    pub kw: usize,
    pub sh: usize,
    pub sw: usize,
    pub ph: usize,
    pub pw: usize,
    pub dh: usize,
    pub dw: usize,
    pub oh: usize,
    pub ow: usize,
}

impl Geometry {
    /// Panics naming both shapes unless `x: [N, C, H, W]` and `w: [O, C/G, kh, kw]` fit `opt`.
    pub fn new(x: &Shape, w: &Shape, opt: &Conv2d) -> Geometry {
        let (xd, wd) = (x.dims(), w.dims());
        assert!(
            xd.len() == 4 && wd.len() == 4,
            "conv2d: expected input [N, C, H, W] and weight [O, C/groups, kh, kw], got shapes {x} and {w}"
        );
        let g = opt.groups;
        let fits = g > 0 && xd[1] % g == 0 && wd[0] % g == 0 && wd[1] * g == xd[1] && xd[1] > 0;
        assert!(xd[2] > 0 && xd[3] > 0, "conv2d: input shape {x} has an empty image");
        assert!(fits, "conv2d: input shape {x} does not fit weight shape {w} with groups = {g}");
        let positive = [opt.stride.0, opt.stride.1, opt.dilation.0, opt.dilation.1].iter().all(|&s| s > 0);
        assert!(positive, "conv2d: stride {:?} and dilation {:?} must be positive", opt.stride, opt.dilation);
        let (oh, ow) = opt.output_hw((xd[2], xd[3]), (wd[2], wd[3])).unwrap_or_else(|| {
            panic!("conv2d: kernel of weight shape {w} does not fit input shape {x} with {opt:?}")
        });
        Geometry {
            n: xd[0],
            c: xd[1],
            h: xd[2],
            w: xd[3],
            o: wd[0],
            groups: g,
            kh: wd[2],
            kw: wd[3],
            sh: opt.stride.0,
            sw: opt.stride.1,
            ph: opt.padding.0,
            pw: opt.padding.1,
            dh: opt.dilation.0,
            dw: opt.dilation.1,
            oh,
            ow,
        }
    }
    /// Output channels per group.
    pub fn og(&self) -> usize {
        self.o / self.groups
    }
    /// Rows of one group's columns matrix: (C/G)·kh·kw, the inner dimension of its product.
    pub fn k(&self) -> usize {
        self.c / self.groups * self.kh * self.kw
    }
    /// Output pixels per channel: OH·OW, the columns of the columns matrix.
    pub fn l(&self) -> usize {
        self.oh * self.ow
    }
    pub fn hp(&self) -> usize {
        self.h + 2 * self.ph
    }
    pub fn wp(&self) -> usize {
        self.w + 2 * self.pw
    }
    /// A 1×1 kernel at stride 1 without padding: the image is its own columns matrix.
    pub fn pointwise(&self) -> bool {
        (self.kh, self.kw, self.sh, self.sw, self.ph, self.pw) == (1, 1, 1, 1, 0, 0)
    }
    /// Multiply-adds of one forward pass (N·O·L·K).
    pub fn macs(&self) -> usize {
        self.n * self.o * self.l() * self.k()
    }
    pub fn out_shape(&self) -> Shape {
        Shape::from([self.n, self.o, self.oh, self.ow])
    }
}

/// Direct seven-loop convolution in f64 straight from the formula in the header: the reference the
/// fast kernels are tested against.
pub fn conv2d_naive(x: &Tensor, w: &Tensor, b: Option<&Tensor>, opt: &Conv2d) -> Tensor {
    let g = Geometry::new(x.shape(), w.shape(), opt);
    let (og, cg) = (g.og(), g.c / g.groups);
    let mut y = Tensor::zeros(g.out_shape());
    for (n, o, p, q) in
        (0..g.n * g.o * g.l()).map(|f| (f / (g.o * g.l()), f / g.l() % g.o, f / g.ow % g.oh, f % g.ow))
    {
        let mut acc = b.map_or(0.0, |b| b.data()[o] as f64);
        for (ci, i, j) in (0..cg * g.kh * g.kw).map(|f| (f / (g.kh * g.kw), f / g.kw % g.kh, f % g.kw)) {
            let (r, s) = (
                (p * g.sh + i * g.dh) as isize - g.ph as isize,
                (q * g.sw + j * g.dw) as isize - g.pw as isize,
            );
            if (0..g.h as isize).contains(&r) && (0..g.w as isize).contains(&s) {
                let xv = x.at(&[n, o / og * cg + ci, r as usize, s as usize]) as f64;
                acc += w.at(&[o, ci, i, j]) as f64 * xv;
            }
        }
        y.set(&[n, o, p, q], acc as Float);
    }
    y
}

/// Geometries the forward and backward tests share, (x shape, w shape, stride, padding, dilation,
/// groups): odd sizes, strides, padding, dilation, grouped and depthwise, pointwise, one large
/// enough (64·8·196·25 multiply-adds) to be spread over threads, and two that run by Winograd
/// (`conv2d_winograd.rs`: 5×5 and 3×3, ≥ 16 channels, odd outputs that clip the edge tiles).
#[cfg(test)]
pub(crate) type TestGeometry =
    ([usize; 4], [usize; 4], (usize, usize), (usize, usize), (usize, usize), usize);
#[cfg(test)]
pub(crate) const TEST_GEOMETRIES: [TestGeometry; 8] = [
    ([2, 3, 7, 6], [4, 3, 3, 2], (1, 1), (1, 2), (1, 1), 1),
    ([3, 2, 9, 8], [2, 2, 3, 3], (2, 3), (0, 1), (2, 1), 1),
    ([1, 4, 5, 5], [6, 2, 2, 3], (1, 2), (2, 0), (1, 2), 2),
    ([2, 6, 4, 5], [6, 1, 3, 3], (1, 1), (1, 1), (1, 1), 6),
    ([2, 3, 4, 5], [5, 3, 1, 1], (1, 1), (0, 0), (1, 1), 1),
    ([64, 4, 14, 14], [8, 2, 5, 5], (1, 1), (2, 2), (1, 1), 2),
    ([3, 16, 9, 7], [5, 16, 5, 5], (1, 1), (2, 2), (1, 1), 1),
    ([2, 17, 7, 10], [3, 17, 3, 3], (1, 1), (1, 0), (1, 1), 1),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_size_follows_torch() {
        let o = |s, p, d| Conv2d { stride: (s, s), padding: (p, p), dilation: (d, d), groups: 1 };
        // (28 + 4 − 4 − 1)/1 + 1 = 28 ("same" 5×5); (7 + 2 − 2 − 1)/2 + 1 = 4; (9 − 2·2 − 1)/1 + 1 = 5.
        assert_eq!(o(1, 2, 1).output_hw((28, 28), (5, 5)), Some((28, 28)));
        assert_eq!(o(2, 1, 1).output_hw((7, 8), (3, 3)), Some((4, 4)));
        assert_eq!(o(1, 0, 2).output_hw((9, 5), (3, 3)), Some((5, 1)));
        assert_eq!(o(1, 0, 2).output_hw((4, 5), (3, 3)), None, "dilated span 5 > 4");
        assert_eq!(Conv2d::default(), o(1, 0, 1));
    }

    #[test]
    #[should_panic(
        expected = "input shape [2, 6, 5, 5] does not fit weight shape [4, 4, 3, 3] with groups = 2"
    )]
    fn channel_mismatch_panics_naming_both_shapes() {
        let opt = Conv2d { groups: 2, ..Conv2d::default() };
        Geometry::new(&Shape::from([2, 6, 5, 5]), &Shape::from([4, 4, 3, 3]), &opt);
    }

    #[test]
    #[should_panic(expected = "kernel of weight shape [1, 1, 5, 5] does not fit input shape [1, 1, 3, 3]")]
    fn kernel_larger_than_the_input_panics() {
        Geometry::new(&Shape::from([1, 1, 3, 3]), &Shape::from([1, 1, 5, 5]), &Conv2d::default());
    }
}
