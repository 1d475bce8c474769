//! Sum of all values to a scalar: y = Σ x,  dx = dy broadcast to the shape of x.
use crate::{InputGrads, Op, Var};
use downhill_tensor::Tensor;

pub(crate) struct Sum;

impl Op for Sum {
    fn name(&self) -> &'static str {
        "sum"
    }
    fn forward(&mut self, xs: &[&Tensor]) -> Tensor {
        Tensor::scalar(xs[0].sum())
    }
    fn backward(&self, xs: &[&Tensor], _y: &Tensor, dy: &Tensor) -> InputGrads {
        [Some(Tensor::full(xs[0].shape().clone(), dy.item()))].into()
    }
}

impl<'t> Var<'t> {
    /// Sum of all values, as a rank-0 value.
    pub fn sum(self) -> Var<'t> {
        self.unary(Sum)
    }
}

#[cfg(test)]
mod tests {
    use crate::{gradcheck, Tensor};
    use downhill_tensor::Rng;

    #[test]
    fn gradient_matches_central_differences() {
        let x = Tensor::rand_normal([3, 4], 0.0, 1.0, &mut Rng::seed(6));
        gradcheck(|x| x.sum(), &x);
        gradcheck(|x| (x * x).sum() * x.sum(), &x);
    }
}
