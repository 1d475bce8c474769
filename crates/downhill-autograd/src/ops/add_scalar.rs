//! Adding a constant: y = x + c, dx = dy.
use crate::{InputGrads, Op};
use downhill_tensor::{Float, Tensor};

pub(crate) struct AddScalar(pub Float);

impl Op for AddScalar {
    fn name(&self) -> &'static str {
        "add_scalar"
    }
    fn forward(&mut self, xs: &[&Tensor]) -> Tensor {
        xs[0].add_scalar(self.0)
    }
    fn backward(&self, _xs: &[&Tensor], _y: &Tensor, dy: &Tensor) -> InputGrads {
        [Some(dy.clone())].into()
    }
}

#[cfg(test)]
mod tests {
    use crate::{gradcheck, Tensor};

    #[test]
    fn gradient_matches_central_differences() {
        gradcheck(|x| (x + 3.0) * x, &Tensor::linspace(-2.0, 2.0, 5));
        gradcheck(|x| (x - 1.5) * x, &Tensor::linspace(-2.0, 2.0, 5));
    }
}
