//! Rectified linear unit: y = max(x, 0).
//!   dx = dy ⊙ [x > 0]   (0 at x = 0, as torch)
use crate::{InputGrads, Op, Var};
use downhill_tensor::Tensor;

pub(crate) struct Relu;

impl Op for Relu {
    fn name(&self) -> &'static str {
        "relu"
    }
    fn forward(&mut self, xs: &[&Tensor]) -> Tensor {
        xs[0].map(|x| if x > 0.0 { x } else { 0.0 })
    }
    fn backward(&self, xs: &[&Tensor], _y: &Tensor, dy: &Tensor) -> InputGrads {
        [Some(dy.zip_map(xs[0], |g, x| if x > 0.0 { g } else { 0.0 }))].into()
    }
}

impl<'t> Var<'t> {
    /// max(x, 0), elementwise; the gradient at 0 is 0.
    pub fn relu(self) -> Var<'t> {
        self.unary(Relu)
    }
}

#[cfg(test)]
mod tests {
    use crate::{gradcheck, Tape, Tensor};

    #[test]
    fn gradient_matches_central_differences() {
        // Grid −2, −1.5, …, 2 shifted by 0.1 so no point lies within h of the kink at 0.
        gradcheck(|x| x.relu(), &Tensor::linspace(-1.9, 2.1, 9));
    }

    #[test]
    fn values_and_zero_gradient_at_the_kink() {
        let tape = Tape::new();
        let x = tape.watch(Tensor::vector(vec![-2.0, 0.0, 3.0]));
        let y = x.relu();
        // Exact: relu selects x or 0, and its gradient selects 1 or 0.
        assert_eq!(y.value().data(), &[0.0, 0.0, 3.0]);
        assert_eq!(tape.backward(y.sum()).wrt(x).unwrap().data(), &[0.0, 0.0, 1.0]);
    }
}
