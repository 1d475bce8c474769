//! Mean along one axis, keeping it with size 1: y = (1/n) Σ_axis x, n = size of `axis`.
//!   dx = dy / n broadcast back along `axis`
use crate::{InputGrads, Op, Var};
use downhill_tensor::{Float, Tensor};

pub(crate) struct MeanAxis(pub usize);

impl Op for MeanAxis {
    fn name(&self) -> &'static str {
        "mean_axis"
    }
    fn forward(&mut self, xs: &[&Tensor]) -> Tensor {
        xs[0].mean_axis(self.0)
    }
    fn backward(&self, xs: &[&Tensor], _y: &Tensor, dy: &Tensor) -> InputGrads {
        let n = xs[0].dims()[self.0] as Float;
        [Some(dy.mul_scalar(1.0 / n).broadcast_to(xs[0].shape()))].into()
    }
}

impl<'t> Var<'t> {
    /// Mean along `axis`, which stays with size 1 so the result broadcasts against `self`.
    pub fn mean_axis(self, axis: usize) -> Var<'t> {
        self.unary(MeanAxis(axis))
    }
}

#[cfg(test)]
mod tests {
    use crate::{gradcheck, Tape, Tensor};
    use downhill_tensor::Rng;
    use downhill_testing::assert_close;

    #[test]
    fn gradient_matches_central_differences() {
        let x = Tensor::rand_normal([2, 3, 4], 0.0, 1.0, &mut Rng::seed(21));
        for axis in 0..3 {
            gradcheck(move |x| x.mean_axis(axis), &x);
        }
    }

    #[test]
    fn values_and_gradient() {
        let tape = Tape::new();
        let x = tape.watch(Tensor::from_rows(&[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]).unwrap());
        let y = x.mean_axis(1);
        assert_eq!(y.shape().dims(), &[2, 1]);
        // Row sums 6 and 15 times 1/3: 1e-6.
        assert_close("row means", y.value().data(), &[2.0, 5.0], 1e-6);
        let g = tape.backward(y.sum());
        assert!(g.wrt(x).unwrap().data().iter().all(|&v| (v - 1.0 / 3.0).abs() < 1e-7));
    }
}
