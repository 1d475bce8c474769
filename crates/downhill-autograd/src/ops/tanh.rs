//! Elementwise hyperbolic tangent: y = tanh(x).
//!   dx = dy ⊙ (1 − y²)   (reuses the saved output instead of recomputing tanh)
use crate::{InputGrads, Op, Var};
use downhill_tensor::{Float, Tensor};

pub(crate) struct Tanh;

impl Op for Tanh {
    fn name(&self) -> &'static str {
        "tanh"
    }
    fn forward(&mut self, xs: &[&Tensor]) -> Tensor {
        xs[0].map(Float::tanh)
    }
    fn backward(&self, _xs: &[&Tensor], y: &Tensor, dy: &Tensor) -> InputGrads {
        [Some(dy.zip_map(y, |g, t| g * (1.0 - t * t)))].into()
    }
}

impl<'t> Var<'t> {
    /// tanh x, elementwise.
    pub fn tanh(self) -> Var<'t> {
        self.unary(Tanh)
    }
}

#[cfg(test)]
mod tests {
    use crate::{gradcheck, Tape, Tensor};

    #[test]
    fn saturates_at_plus_minus_one() {
        let tape = Tape::new();
        let y = tape.leaf(Tensor::vector(vec![-20.0, 0.0, 20.0])).tanh();
        let v = y.value();
        assert!((v.data()[0] + 1.0).abs() < 1e-6 && (v.data()[2] - 1.0).abs() < 1e-6, "{v:?} vs [-1, 0, 1]");
        // Exact: tanh(0) = 0 (C Annex F).
        assert_eq!(v.data()[1], 0.0);
    }

    #[test]
    fn gradient_matches_central_differences() {
        gradcheck(|x| x.tanh(), &Tensor::linspace(-3.0, 3.0, 7));
    }
}
