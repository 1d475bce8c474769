//! 2-D convolution, torch `conv2d` (NCHW, zero padding, stride, dilation, groups):
//!   y[n, o, p, q] = b[o] + Σ_{c, i, j} w[o, c, i, j] · x[n, g·C/G + c, p·sh + i·dh − ph, q·sw + j·dw − pw]
//!   dx = fold(Wᵀ·dY) per image,   dW = Σ_n dY_n · cols_nᵀ,   db[o] = Σ_{n, p, q} dY[n, o, p, q]
//! (cols_n: image n unfolded into patches; fold: its adjoint). Kernels and the exact shapes are in
//! downhill-tensor (`conv2d.rs`, `conv2d_forward.rs`, `conv2d_backward.rs`); a constant input (the
//! data batch) skips dx, which is half of the backward's products.
use crate::{InputGrads, Op, Var};
use downhill_tensor::{Conv2d, Tensor};

pub(crate) struct Conv2dOp(pub Conv2d);

impl Op for Conv2dOp {
    fn name(&self) -> &'static str {
        "conv2d"
    }
    fn forward(&mut self, xs: &[&Tensor]) -> Tensor {
        xs[0].conv2d(xs[1], xs.get(2).copied(), &self.0)
    }
    fn backward(&self, xs: &[&Tensor], y: &Tensor, dy: &Tensor) -> InputGrads {
        self.backward_masked(xs, y, dy, &[true; 3][..xs.len()])
    }
    fn backward_masked(&self, xs: &[&Tensor], _y: &Tensor, dy: &Tensor, needs: &[bool]) -> InputGrads {
        let wants = [needs[0], needs[1], needs.get(2).copied().unwrap_or(false)];
        let g = xs[0].conv2d_backward(xs[1], dy, &self.0, wants);
        let mut grads = InputGrads::from([g.input, g.weight]);
        if xs.len() == 3 {
            grads.push(g.bias);
        }
        grads
    }
}

impl<'t> Var<'t> {
    /// Convolution of `self: [N, C, H, W]` with `weight: [O, C/groups, kh, kw]` plus an optional
    /// `bias: [O]` (torch `conv2d`); the output is `[N, O, OH, OW]` with
    /// OH = (H + 2·padding.0 − dilation.0·(kh − 1) − 1) / stride.0 + 1, likewise OW.
    /// Panics naming the shapes when they do not fit `o`.
    pub fn conv2d(self, weight: Var<'t>, bias: Option<Var<'t>>, o: Conv2d) -> Var<'t> {
        match bias {
            Some(b) => self.tape().apply(Conv2dOp(o), &[self, weight, b]),
            None => self.binary(Conv2dOp(o), weight),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{gradcheck_many, Conv2d, Tape, Tensor};
    use downhill_tensor::Rng;
    use downhill_testing::assert_close;

    #[test]
    fn a_3x3_image_with_a_known_kernel() {
        // x = 1..9 row by row, w = all ones 2×2, b = 1: each output is 1 + the sum of a 2×2 window,
        // [1+1+2+4+5, 1+2+3+5+6; 1+4+5+7+8, 1+5+6+8+9] = [13, 17; 25, 29]. dW[i, j] = Σ of the 2×2
        // block starting at (i, j) (dy = 1): [12, 16; 24, 28]; dx counts the windows covering each pixel.
        let tape = Tape::new();
        let x = tape.watch(Tensor::linspace(1.0, 9.0, 9).reshape([1, 1, 3, 3]));
        let w = tape.watch(Tensor::ones([1, 1, 2, 2]));
        let b = tape.watch(Tensor::vector(vec![1.0]));
        let y = x.conv2d(w, Some(b), Conv2d::default());
        // Sums of a few small integers: exact in f32, compared with the usual 1e-6.
        assert_close("y", y.value().data(), &[13.0, 17.0, 25.0, 29.0], 1e-6);
        let g = tape.backward(y.sum());
        assert_close("dW", g.wrt(w).unwrap().data(), &[12.0, 16.0, 24.0, 28.0], 1e-6);
        assert_close("dx", g.wrt(x).unwrap().data(), &[1., 2., 1., 2., 4., 2., 1., 2., 1.], 1e-6);
        assert_close("db", g.wrt(b).unwrap().data(), &[4.0], 1e-6);
    }

    #[test]
    fn gradient_matches_central_differences() {
        let mut rng = Rng::seed(49);
        let opt = Conv2d { stride: (2, 1), padding: (1, 0), dilation: (1, 2), groups: 2 };
        let x = Tensor::rand_normal([2, 4, 5, 6], 0.0, 1.0, &mut rng);
        let w = Tensor::rand_normal([2, 2, 3, 2], 0.0, 1.0, &mut rng);
        let b = Tensor::rand_normal([2], 0.0, 1.0, &mut rng);
        gradcheck_many(move |v| v[0].conv2d(v[1], Some(v[2]), opt), &[x.clone(), w.clone(), b]);
        gradcheck_many(move |v| v[0].conv2d(v[1], None, opt), &[x, w]);
    }
}
