//! Average pooling, torch `avg_pool2d` (NCHW, count_include_pad = True, ceil_mode = False):
//!   y[n, c, p, q] = Σ_{window(p, q) ∩ image} x[n, c, ·, ·] / (kh·kw)
//!   dx[n, c, r, s] = Σ_{windows holding (r, s)} dy[n, c, p, q] / (kh·kw)
//! Kernels: downhill-tensor `avg_pool2d.rs`.
use crate::{InputGrads, Op, Var};
use downhill_tensor::{Pool2d, Tensor};

pub(crate) struct AvgPool2d(Pool2d);

impl Op for AvgPool2d {
    fn name(&self) -> &'static str {
        "avg_pool2d"
    }
    fn forward(&mut self, xs: &[&Tensor]) -> Tensor {
        xs[0].avg_pool2d(&self.0)
    }
    fn backward(&self, xs: &[&Tensor], _y: &Tensor, dy: &Tensor) -> InputGrads {
        [Some(dy.avg_pool2d_backward(xs[0].shape(), &self.0))].into()
    }
}

impl<'t> Var<'t> {
    /// Average pooling of `self: [N, C, H, W]` (torch `avg_pool2d` with count_include_pad = True,
    /// ceil_mode = False: every window divides by kh·kw). Panics naming the shape when `p` does not fit.
    pub fn avg_pool2d(self, p: Pool2d) -> Var<'t> {
        self.unary(AvgPool2d(p))
    }
}

#[cfg(test)]
mod tests {
    use crate::{gradcheck, Pool2d, Tensor};
    use downhill_tensor::Rng;

    #[test]
    fn gradient_matches_central_differences() {
        let x = Tensor::rand_normal([2, 3, 5, 4], 0.0, 1.0, &mut Rng::seed(51));
        gradcheck(|x| x.avg_pool2d(Pool2d::new((2, 2))), &x);
        gradcheck(|x| x.avg_pool2d(Pool2d { kernel: (3, 2), stride: (2, 1), padding: (1, 1) }), &x);
    }
}
