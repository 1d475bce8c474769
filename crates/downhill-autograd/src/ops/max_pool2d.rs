//! Max pooling, torch `max_pool2d` (NCHW, padding read as −∞, ceil_mode false):
//!   y[n, c, p, q] = max_{window(p, q)} x[n, c, ·, ·],   a[k] = where in its plane y[k] took it
//!   dx[n, c][a[k]] += dy[k]   (k = (n, c, p, q))
//! The forward keeps a (one index per output) in the op for the backward. Ties go to the first
//! maximum in row-major window order, as in torch. Kernels: downhill-tensor `max_pool2d.rs`.
use crate::{InputGrads, Op, Var};
use downhill_tensor::{Indices, Pool2d, Tensor};

pub(crate) struct MaxPool2d {
    pool: Pool2d,
    argmax: Indices<u32>,
}

impl Op for MaxPool2d {
    fn name(&self) -> &'static str {
        "max_pool2d"
    }
    fn forward(&mut self, xs: &[&Tensor]) -> Tensor {
        let (y, argmax) = xs[0].max_pool2d(&self.pool);
        self.argmax = argmax;
        y
    }
    fn backward(&self, xs: &[&Tensor], _y: &Tensor, dy: &Tensor) -> InputGrads {
        [Some(dy.max_pool2d_backward(&self.argmax, xs[0].shape(), &self.pool))].into()
    }
}

impl<'t> Var<'t> {
    /// Max pooling of `self: [N, C, H, W]` to `[N, C, OH, OW]`, OH = (H + 2·padding.0 − kernel.0)
    /// / stride.0 + 1 (torch `max_pool2d`; `Pool2d::new(k)` gives torch's stride = kernel). Panics
    /// naming the shape when `p` does not fit it.
    pub fn max_pool2d(self, p: Pool2d) -> Var<'t> {
        self.unary(MaxPool2d { pool: p, argmax: Indices::default() })
    }
}

#[cfg(test)]
mod tests {
    use crate::{gradcheck, Pool2d, Tape, Tensor};
    use downhill_tensor::Rng;

    #[test]
    fn the_gradient_goes_to_the_first_maximum_of_each_window() {
        // [[1, 3], [3, 2]]: the 3 at (0, 1) comes first in row-major order and takes the gradient.
        let tape = Tape::new();
        let x = tape.watch(Tensor::from_vec(vec![1.0, 3.0, 3.0, 2.0], [1, 1, 2, 2]).unwrap());
        let y = x.max_pool2d(Pool2d::new((2, 2)));
        // Exact: max pooling selects a stored value and routes the gradient 1 unchanged.
        assert_eq!(y.value().data(), &[3.0]);
        assert_eq!(tape.backward(y.sum()).wrt(x).unwrap().data(), &[0.0, 1.0, 0.0, 0.0]);
    }

    #[test]
    fn gradient_matches_central_differences() {
        // Distinct values 0.1 apart, so no window has a near-tie that the step h = 0.01 could flip.
        let mut v: Vec<f32> = (0..2 * 3 * 5 * 4).map(|i| 0.1 * i as f32).collect();
        Rng::seed(50).shuffle(&mut v);
        let x = Tensor::vector(v).reshape([2, 3, 5, 4]);
        gradcheck(|x| x.max_pool2d(Pool2d::new((2, 2))), &x);
        gradcheck(|x| x.max_pool2d(Pool2d { kernel: (3, 2), stride: (2, 1), padding: (1, 1) }), &x);
    }
}
