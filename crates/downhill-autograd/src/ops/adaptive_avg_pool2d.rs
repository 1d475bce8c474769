//! Adaptive average pooling, torch `adaptive_avg_pool2d`: output (i, j) of (OH, OW) averages the bin
//! of rows floor(i·H/OH) .. ceil((i+1)·H/OH) and columns floor(j·W/OW) .. ceil((j+1)·W/OW):
//!   y[n, c, i, j] = Σ_{bin(i, j)} x / |bin(i, j)|,   dx[n, c, r, s] = Σ_{bins holding (r, s)} dy / |bin|
//! Kernels: downhill-tensor `adaptive_avg_pool2d.rs`.
use crate::{InputGrads, Op, Var};
use downhill_tensor::Tensor;

pub(crate) struct AdaptiveAvgPool2d((usize, usize));

impl Op for AdaptiveAvgPool2d {
    fn name(&self) -> &'static str {
        "adaptive_avg_pool2d"
    }
    fn forward(&mut self, xs: &[&Tensor]) -> Tensor {
        xs[0].adaptive_avg_pool2d(self.0)
    }
    fn backward(&self, xs: &[&Tensor], _y: &Tensor, dy: &Tensor) -> InputGrads {
        [Some(dy.adaptive_avg_pool2d_backward(xs[0].shape()))].into()
    }
}

impl<'t> Var<'t> {
    /// Adaptive average pooling of `self: [N, C, H, W]` to `[N, C, out.0, out.1]` (torch
    /// `adaptive_avg_pool2d`; `(1, 1)` is global average pooling).
    pub fn adaptive_avg_pool2d(self, out: (usize, usize)) -> Var<'t> {
        self.unary(AdaptiveAvgPool2d(out))
    }
}

#[cfg(test)]
mod tests {
    use crate::{gradcheck, Tape, Tensor};
    use downhill_tensor::Rng;
    use downhill_testing::assert_close;

    #[test]
    fn output_one_by_one_is_the_global_mean() {
        let tape = Tape::new();
        let x = tape.leaf(Tensor::linspace(0.0, 11.0, 12).reshape([1, 2, 2, 3]));
        // Channel means of 0..5 and 6..11: 2.5 and 8.5 (six small integers summed, one division).
        assert_close("y", x.adaptive_avg_pool2d((1, 1)).value().data(), &[2.5, 8.5], 1e-6);
    }

    #[test]
    fn gradient_matches_central_differences() {
        let x = Tensor::rand_normal([2, 2, 5, 7], 0.0, 1.0, &mut Rng::seed(52));
        gradcheck(|x| x.adaptive_avg_pool2d((3, 4)), &x);
        gradcheck(|x| x.adaptive_avg_pool2d((5, 7)), &x);
        gradcheck(|x| x.adaptive_avg_pool2d((1, 1)), &x);
    }
}
