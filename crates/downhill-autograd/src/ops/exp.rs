//! Elementwise exponential: y = exp(x).
//!   dx = dy ⊙ y   (reuses the saved output)
use crate::{InputGrads, Op, Var};
use downhill_tensor::{Float, Tensor};

pub(crate) struct Exp;

impl Op for Exp {
    fn name(&self) -> &'static str {
        "exp"
    }
    fn forward(&mut self, xs: &[&Tensor]) -> Tensor {
        xs[0].map(Float::exp)
    }
    fn backward(&self, _xs: &[&Tensor], y: &Tensor, dy: &Tensor) -> InputGrads {
        [Some(dy * y)].into()
    }
}

impl<'t> Var<'t> {
    /// eˣ, elementwise.
    pub fn exp(self) -> Var<'t> {
        self.unary(Exp)
    }
}

#[cfg(test)]
mod tests {
    use crate::{gradcheck, Tape, Tensor};

    #[test]
    fn gradient_matches_central_differences() {
        gradcheck(|x| x.exp(), &Tensor::linspace(-3.0, 2.0, 7));
    }

    #[test]
    fn values() {
        let tape = Tape::new();
        let y = tape.leaf(Tensor::vector(vec![0.0, 1.0, -1000.0])).exp();
        let v = y.value();
        // Exact: exp(0) = 1 (C Annex F) and e^−1000 underflows to 0.
        assert_eq!([v.data()[0], v.data()[2]], [1.0, 0.0]);
        assert!((v.data()[1] - std::f32::consts::E).abs() < 1e-6, "exp(1) = {} vs e", v.data()[1]);
    }
}
