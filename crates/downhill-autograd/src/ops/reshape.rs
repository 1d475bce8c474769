//! Reshape: the same values in row-major order under a new shape.
//!   dx = dy reshaped back to the shape of x
use crate::{InputGrads, Op, Var};
use downhill_tensor::{Shape, Tensor};

pub(crate) struct Reshape(pub Shape);

impl Op for Reshape {
    fn name(&self) -> &'static str {
        "reshape"
    }
    fn forward(&mut self, xs: &[&Tensor]) -> Tensor {
        xs[0].reshape(self.0.clone())
    }
    fn backward(&self, xs: &[&Tensor], _y: &Tensor, dy: &Tensor) -> InputGrads {
        [Some(dy.reshape(xs[0].shape().clone()))].into()
    }
}

impl<'t> Var<'t> {
    /// The same values under `shape`; panics naming both shapes when the element counts differ.
    pub fn reshape(self, shape: impl Into<Shape>) -> Var<'t> {
        self.unary(Reshape(shape.into()))
    }
}

#[cfg(test)]
mod tests {
    use crate::{gradcheck, Tape, Tensor};
    use downhill_tensor::Rng;

    #[test]
    fn gradient_matches_central_differences() {
        let x = Tensor::rand_normal([2, 6], 0.0, 1.0, &mut Rng::seed(40));
        // Weighted by position after the reshape, so a scrambled backward would fail.
        gradcheck(|x| x.reshape([3, 4]), &x);
        gradcheck(|x| x.reshape([12]).reshape([2, 3, 2]), &x);
    }

    #[test]
    fn values_keep_row_major_order() {
        let tape = Tape::new();
        let y = tape.leaf(Tensor::vector(vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0])).reshape([2, 3]);
        assert_eq!(y.shape().dims(), &[2, 3]);
        // Exact: reshaping keeps the values in row-major order and computes nothing.
        assert_eq!(y.value().row(1), &[4.0, 5.0, 6.0]);
    }
}
