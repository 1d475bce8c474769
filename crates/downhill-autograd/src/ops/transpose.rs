//! Matrix transpose: y = xᵀ for 2-D x.
//!   dx = dyᵀ
use crate::{InputGrads, Op, Var};
use downhill_tensor::Tensor;

pub(crate) struct Transpose;

impl Op for Transpose {
    fn name(&self) -> &'static str {
        "transpose"
    }
    fn forward(&mut self, xs: &[&Tensor]) -> Tensor {
        xs[0].transpose()
    }
    fn backward(&self, _xs: &[&Tensor], _y: &Tensor, dy: &Tensor) -> InputGrads {
        [Some(dy.transpose())].into()
    }
}

impl<'t> Var<'t> {
    /// Matrix transpose; panics unless the value is 2-D.
    pub fn transpose(self) -> Var<'t> {
        self.unary(Transpose)
    }
}

#[cfg(test)]
mod tests {
    use crate::{gradcheck, gradcheck_many, Tape, Tensor};
    use downhill_tensor::Rng;

    #[test]
    fn gradient_matches_central_differences() {
        let mut rng = Rng::seed(41);
        let x = Tensor::rand_normal([3, 5], 0.0, 1.0, &mut rng);
        gradcheck(|x| x.transpose(), &x);
        // xᵀ·x exercises the transpose inside a product.
        let a = Tensor::rand_normal([4, 2], 0.0, 1.0, &mut rng);
        gradcheck_many(|v| v[0].transpose().matmul(v[1]), &[a, x.transpose().narrow(0, 0..4)]);
    }

    #[test]
    fn values() {
        let tape = Tape::new();
        let y = tape.leaf(Tensor::from_rows(&[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]).unwrap()).transpose();
        // Exact: transposing only moves values.
        assert_eq!(
            (y.shape().dims(), y.value().data()),
            (&[3usize, 2][..], &[1.0, 4.0, 2.0, 5.0, 3.0, 6.0][..])
        );
    }
}
