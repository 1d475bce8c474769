//! Sum along one axis, keeping it with size 1: y = Σ_axis x   (torch `sum(dim, keepdim=True)`).
//!   dx = dy broadcast back along `axis`
use crate::{InputGrads, Op, Var};
use downhill_tensor::Tensor;

pub(crate) struct SumAxis(pub usize);

impl Op for SumAxis {
    fn name(&self) -> &'static str {
        "sum_axis"
    }
    fn forward(&mut self, xs: &[&Tensor]) -> Tensor {
        xs[0].sum_axis(self.0)
    }
    fn backward(&self, xs: &[&Tensor], _y: &Tensor, dy: &Tensor) -> InputGrads {
        [Some(dy.broadcast_to(xs[0].shape()))].into()
    }
}

impl<'t> Var<'t> {
    /// Sum along `axis`, which stays with size 1 so the result broadcasts against `self`.
    pub fn sum_axis(self, axis: usize) -> Var<'t> {
        self.unary(SumAxis(axis))
    }
}

#[cfg(test)]
mod tests {
    use crate::{gradcheck, Tape, Tensor};
    use downhill_tensor::Rng;
    use downhill_testing::assert_close;

    #[test]
    fn gradient_matches_central_differences() {
        let x = Tensor::rand_normal([2, 3, 4], 0.0, 1.0, &mut Rng::seed(20));
        for axis in 0..3 {
            gradcheck(move |x| x.sum_axis(axis), &x);
        }
    }

    #[test]
    fn values_keep_the_axis() {
        let tape = Tape::new();
        let x = tape.leaf(Tensor::from_rows(&[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]).unwrap());
        let (rows, cols) = (x.sum_axis(1), x.sum_axis(0));
        assert_eq!((rows.shape().dims(), cols.shape().dims()), (&[2usize, 1][..], &[1usize, 3][..]));
        // Sums of 3 and of 2 values: 1e-6.
        assert_close("row sums", rows.value().data(), &[6.0, 15.0], 1e-6);
        assert_close("column sums", cols.value().data(), &[5.0, 7.0, 9.0], 1e-6);
    }
}
