//! 2-D pooling options and windows, torch `max_pool2d` / `avg_pool2d` semantics (NCHW, ceil_mode
//! false, dilation 1): for input [N, C, H, W] the output is [N, C, OH, OW] with
//!   OH = (H + 2·ph − kh) / sh + 1        (likewise OW)
//! and output (p, q) reads the window of rows p·sh − ph .. p·sh − ph + kh and columns
//! q·sw − pw .. q·sw − pw + kw of the padded plane; padding must be at most half the kernel (torch's
//! rule), so every window holds at least one real pixel. The reductions are in `max_pool2d.rs` and
//! `avg_pool2d.rs`.
use crate::Shape;
use std::ops::Range;

/// Pooling options, each a (height, width) pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pool2d {
    /// Window size.
    pub kernel: (usize, usize),
    /// Step between windows.
    pub stride: (usize, usize),
    /// Implicit padding on each side, at most half the kernel (torch's rule).
    pub padding: (usize, usize),
}

impl Pool2d {
    /// A `kernel` window with torch's defaults: stride = kernel, no padding.
    pub fn new(kernel: (usize, usize)) -> Pool2d {
        Pool2d { kernel, stride: kernel, padding: (0, 0) }
    }

    /// The output (OH, OW) for an input (H, W), or `None` when the window does not fit the padded
    /// input.
    pub fn output_hw(&self, (h, w): (usize, usize)) -> Option<(usize, usize)> {
        let out = |n: usize, k: usize, s: usize, p: usize| (n + 2 * p >= k).then(|| (n + 2 * p - k) / s + 1);
        Some((
            out(h, self.kernel.0, self.stride.0, self.padding.0)?,
            out(w, self.kernel.1, self.stride.1, self.padding.1)?,
        ))
    }
}

/// The sizes of one pooling: the input seen as `planes` = N·C planes of H × W.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PoolGeometry {
    pub planes: usize,
    pub h: usize,
    pub w: usize,
    pub oh: usize,
    pub ow: usize,
    pub p: Pool2d,
}

impl PoolGeometry {
    /// Panics naming the shape unless it is [N, C, H, W] and `p` fits it.
    pub fn new(what: &str, x: &Shape, p: &Pool2d) -> PoolGeometry {
        let d = x.dims();
        assert!(
            d.len() == 4 && d[2] > 0 && d[3] > 0,
            "{what}: expected input [N, C, H, W] with H, W ≥ 1, got shape {x}"
        );
        let (k, s, pad) = (p.kernel, p.stride, p.padding);
        let valid = k.0 > 0 && k.1 > 0 && s.0 > 0 && s.1 > 0 && 2 * pad.0 <= k.0 && 2 * pad.1 <= k.1;
        assert!(
            valid,
            "{what}: {p:?} needs a positive kernel and stride and padding at most half the kernel"
        );
        let (oh, ow) = p.output_hw((d[2], d[3])).unwrap_or_else(|| {
            panic!("{what}: window {:?} does not fit input shape {x} with {p:?}", p.kernel)
        });
        PoolGeometry { planes: d[0] * d[1], h: d[2], w: d[3], oh, ow, p: *p }
    }
    /// The input rows and columns of output (p, q)'s window, clipped to the image.
    pub fn window(&self, p: usize, q: usize) -> (Range<usize>, Range<usize>) {
        let clip = |start: usize, pad: usize, k: usize, n: usize| {
            start.saturating_sub(pad)..(start + k).saturating_sub(pad).min(n)
        };
        let (k, s, pad) = (self.p.kernel, self.p.stride, self.p.padding);
        (clip(p * s.0, pad.0, k.0, self.h), clip(q * s.1, pad.1, k.1, self.w))
    }
    /// For each window column j, the output columns q whose input column q·sw + j − pw lies in the
    /// image: a vectorisable inner loop over q then needs no bounds test.
    pub fn q_ranges(&self) -> Vec<Range<usize>> {
        let (k, s, pad) = (self.p.kernel.1, self.p.stride.1, self.p.padding.1);
        let first = |j: usize| pad.saturating_sub(j).div_ceil(s).min(self.ow);
        let end = |j: usize| ((self.w + pad).saturating_sub(j)).div_ceil(s).min(self.ow);
        (0..k).map(|j| first(j)..end(j).max(first(j))).collect()
    }
    /// True when the pooling is big enough to spread its planes over rayon's threads (a fork-join
    /// costs 10-25 µs, PERFORMANCE.md; a pass over 256K values about 100 µs).
    pub fn split(&self) -> bool {
        self.planes > 1 && self.planes * self.h * self.w >= 1 << 18
    }
    pub fn out_shape(&self, x: &Shape) -> Shape {
        Shape::from([x.dims()[0], x.dims()[1], self.oh, self.ow])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_size_and_windows_follow_torch() {
        // (28 − 2)/2 + 1 = 14; (5 + 2 − 3)/2 + 1 = 3 with windows −1..2, 1..4, 3..6 clipped to 0..5.
        assert_eq!(Pool2d::new((2, 2)).output_hw((28, 28)), Some((14, 14)));
        let p = Pool2d { kernel: (3, 3), stride: (2, 2), padding: (1, 1) };
        let g = PoolGeometry::new("pool", &Shape::from([1, 1, 5, 5]), &p);
        assert_eq!((g.oh, g.ow), (3, 3));
        assert_eq!(g.window(0, 1), (0..2, 1..4));
        assert_eq!(g.window(2, 2), (3..5, 3..5));
        assert_eq!(Pool2d::new((3, 3)).output_hw((2, 5)), None);
    }

    #[test]
    #[should_panic(expected = "padding at most half the kernel")]
    fn padding_over_half_the_kernel_panics() {
        let p = Pool2d { kernel: (2, 2), stride: (1, 1), padding: (2, 0) };
        PoolGeometry::new("max_pool2d", &Shape::from([1, 1, 4, 4]), &p);
    }

    #[test]
    #[should_panic(expected = "max_pool2d: expected input [N, C, H, W] with H, W ≥ 1, got shape [4, 4]")]
    fn a_matrix_input_panics_naming_its_shape() {
        PoolGeometry::new("max_pool2d", &Shape::from([4, 4]), &Pool2d::new((2, 2)));
    }
}
