//! Negation: y = −x, dx = −dy.
use crate::{InputGrads, Op};
use downhill_tensor::Tensor;

pub(crate) struct Neg;

impl Op for Neg {
    fn name(&self) -> &'static str {
        "neg"
    }
    fn forward(&mut self, xs: &[&Tensor]) -> Tensor {
        -xs[0]
    }
    fn backward(&self, _xs: &[&Tensor], _y: &Tensor, dy: &Tensor) -> InputGrads {
        [Some(-dy)].into()
    }
}

#[cfg(test)]
mod tests {
    use crate::{gradcheck, Tensor};

    #[test]
    fn gradient_matches_central_differences() {
        gradcheck(|x| -x, &Tensor::linspace(-2.0, 2.0, 5));
    }
}
