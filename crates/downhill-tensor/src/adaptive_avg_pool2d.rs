//! Adaptive average pooling, torch `adaptive_avg_pool2d`: for input [N, C, H, W] and output size
//! (OH, OW), output row i averages input rows floor(i·H/OH) .. ceil((i+1)·H/OH) (likewise columns):
//!   y[n, c, i, j] = Σ_{bin(i, j)} x[n, c, ·, ·] / |bin(i, j)|
//!   dx[n, c, r, s] = Σ_{bins (i, j) holding (r, s)} dy[n, c, i, j] / |bin(i, j)|
//! Bins of neighbouring outputs overlap when OH does not divide H.
use crate::{Float, Shape, Tensor};
use std::ops::Range;

/// Input indices of output `i` of `out` along an axis of `n`: floor(i·n/out) .. ceil((i+1)·n/out).
fn bin(i: usize, n: usize, out: usize) -> Range<usize> {
    i * n / out..((i + 1) * n).div_ceil(out)
}

/// Panics naming the shape unless it is [N, C, H, W] with H, W ≥ 1 and the output size is ≥ 1.
fn check(what: &str, x: &Shape, (oh, ow): (usize, usize)) {
    let d = x.dims();
    let ok = d.len() == 4 && d[2] > 0 && d[3] > 0 && oh > 0 && ow > 0;
    assert!(ok, "{what}: cannot pool shape {x} to ({oh}, {ow}); expected input [N, C, H, W]");
}

impl Tensor {
    /// Adaptive average pooling of `self: [N, C, H, W]` to `[N, C, oh, ow]`.
    pub fn adaptive_avg_pool2d(&self, (oh, ow): (usize, usize)) -> Tensor {
        check("adaptive_avg_pool2d", self.shape(), (oh, ow));
        let (h, w) = (self.dims()[2], self.dims()[3]);
        Tensor::pushed([self.dims()[0], self.dims()[1], oh, ow], |y| {
            for x in self.data().chunks_exact(h * w) {
                for (i, j) in (0..oh * ow).map(|t| (t / ow, t % ow)) {
                    let (rows, cols) = (bin(i, h, oh), bin(j, w, ow));
                    let count = (rows.len() * cols.len()) as Float;
                    y.push(
                        rows.map(|r| x[r * w..][cols.clone()].iter().sum::<Float>()).sum::<Float>() / count,
                    );
                }
            }
        })
    }

    /// dx for `adaptive_avg_pool2d`: `self` is dy [N, C, oh, ow], `input` the forward's input shape.
    pub fn adaptive_avg_pool2d_backward(&self, input: &Shape) -> Tensor {
        let (oh, ow) = (self.dims().get(2).copied().unwrap_or(0), self.dims().get(3).copied().unwrap_or(0));
        check("adaptive_avg_pool2d backward", input, (oh, ow));
        let (h, w) = (input.dims()[2], input.dims()[3]);
        assert!(
            self.dims()[..2] == input.dims()[..2],
            "adaptive_avg_pool2d backward: dy shape {} for input shape {input}",
            self.shape()
        );
        let mut out = Tensor::zeros(input.clone());
        for (plane, dy) in out.data_mut().chunks_exact_mut(h * w).zip(self.data().chunks_exact(oh * ow)) {
            for (t, &d) in dy.iter().enumerate() {
                let (rows, cols) = (bin(t / ow, h, oh), bin(t % ow, w, ow));
                let share = d / (rows.len() * cols.len()) as Float;
                rows.for_each(|r| plane[r * w..][cols.clone()].iter_mut().for_each(|v| *v += share));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::bin;
    use crate::Tensor;
    use downhill_testing::assert_close;

    #[test]
    fn bins_follow_torch_and_overlap_when_sizes_do_not_divide() {
        // H = 5 to 3 outputs: floor(0)..ceil(5/3) = 0..2, floor(5/3)..ceil(10/3) = 1..4, 3..5.
        assert_eq!((bin(0, 5, 3), bin(1, 5, 3), bin(2, 5, 3)), (0..2, 1..4, 3..5));
        assert_eq!((bin(0, 4, 2), bin(1, 4, 2)), (0..2, 2..4));
        assert_eq!(bin(0, 3, 1), 0..3);
    }

    #[test]
    fn values_and_gradient_of_a_3x5_plane_to_2x3() {
        // Rows: bins 0..2 and 1..3 of 3; columns: 0..2, 1..4, 3..5 of 5. x = 0..14 row by row.
        let x = Tensor::linspace(0.0, 14.0, 15).reshape([1, 1, 3, 5]);
        let y = x.adaptive_avg_pool2d((2, 3));
        // y[0, 0] = mean{0, 1, 5, 6} = 3, y[0, 1] = mean{1, 2, 3, 6, 7, 8} = 4.5, y[0, 2] = mean{3, 4, 8, 9}
        // = 6; the second row adds 5. Means of ≤ 6 small integers: 1e-6.
        assert_close("y", y.data(), &[3.0, 4.5, 6.0, 8.0, 9.5, 11.0], 1e-6);
        // dy = 1: a pixel gets 1/|bin| from every bin holding it; pixel (1, 1) is in bins (0, 0),
        // (0, 1), (1, 0), (1, 1): 1/4 + 1/6 + 1/4 + 1/6 = 5/6.
        let dx = Tensor::ones([1, 1, 2, 3]).adaptive_avg_pool2d_backward(x.shape());
        assert_close("dx[1, 1]", &[dx.at(&[0, 0, 1, 1])], &[5.0 / 6.0], 1e-6);
        assert_close("Σ dx", &[dx.sum()], &[6.0], 1e-6);
    }
}
