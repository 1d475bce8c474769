//! Elementwise natural logarithm: y = ln(x).
//!   dx = dy / x   (−inf at 0 and NaN below, as in torch)
use crate::{InputGrads, Op, Var};
use downhill_tensor::{Float, Tensor};

pub(crate) struct Log;

impl Op for Log {
    fn name(&self) -> &'static str {
        "log"
    }
    fn forward(&mut self, xs: &[&Tensor]) -> Tensor {
        xs[0].map(Float::ln)
    }
    fn backward(&self, xs: &[&Tensor], _y: &Tensor, dy: &Tensor) -> InputGrads {
        [Some(dy / xs[0])].into()
    }
}

impl<'t> Var<'t> {
    /// Natural logarithm.
    pub fn log(self) -> Var<'t> {
        self.unary(Log)
    }
}

#[cfg(test)]
mod tests {
    use crate::{gradcheck, Tape, Tensor};
    use downhill_tensor::Rng;

    #[test]
    fn gradient_matches_central_differences() {
        // Inputs in [0.5, 3]: far enough from 0 that 1/x is smooth over the finite-difference step.
        gradcheck(|x| x.log(), &Tensor::rand_uniform([3, 4], 0.5, 3.0, &mut Rng::seed(12)));
    }

    #[test]
    fn values_and_log_of_zero() {
        let tape = Tape::new();
        let y = tape.leaf(Tensor::vector(vec![1.0, std::f32::consts::E, 0.0])).log();
        let v = y.value();
        assert!((v.data()[1] - 1.0).abs() < 1e-6, "ln(e) = {} vs 1", v.data()[1]);
        // Exact: ln(1) = 0 and ln(0) = −∞ (C Annex F).
        assert_eq!([v.data()[0], v.data()[2]], [0.0, f32::NEG_INFINITY]);
    }
}
