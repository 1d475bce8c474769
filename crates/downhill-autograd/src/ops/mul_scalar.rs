//! Scaling by a constant: y = c·x, dx = c·dy.
use crate::{InputGrads, Op};
use downhill_tensor::{Float, Tensor};

pub(crate) struct MulScalar(pub Float);

impl Op for MulScalar {
    fn name(&self) -> &'static str {
        "mul_scalar"
    }
    fn forward(&mut self, xs: &[&Tensor]) -> Tensor {
        xs[0].mul_scalar(self.0)
    }
    fn backward(&self, _xs: &[&Tensor], _y: &Tensor, dy: &Tensor) -> InputGrads {
        [Some(dy.mul_scalar(self.0))].into()
    }
}

#[cfg(test)]
mod tests {
    use crate::{gradcheck, Tensor};

    #[test]
    fn gradient_matches_central_differences() {
        gradcheck(|x| x * -2.5, &Tensor::linspace(-2.0, 2.0, 5));
        gradcheck(|x| x / 4.0, &Tensor::linspace(-2.0, 2.0, 5));
    }
}
