//! Power by a constant exponent: y = x^p.
//!   dx = dy ⊙ p·x^(p−1);  for p = 0 the gradient is 0 everywhere (torch masks it the same way,
//!   so 0·0^(−1) never turns into NaN).
use crate::{InputGrads, Op, Var};
use downhill_tensor::{Float, Tensor};

pub(crate) struct Pow(pub Float);

impl Op for Pow {
    fn name(&self) -> &'static str {
        "pow"
    }
    fn forward(&mut self, xs: &[&Tensor]) -> Tensor {
        let p = self.0;
        xs[0].map(|x| x.powf(p))
    }
    fn backward(&self, xs: &[&Tensor], _y: &Tensor, dy: &Tensor) -> InputGrads {
        let p = self.0;
        if p == 0.0 {
            return [Some(Tensor::zeros_like(xs[0]))].into();
        }
        [Some(dy.zip_map(xs[0], |g, x| g * p * x.powf(p - 1.0)))].into()
    }
}

impl<'t> Var<'t> {
    /// Elementwise `x^p` (NaN for negative `x` and non-integer `p`, as in torch).
    pub fn pow(self, p: Float) -> Var<'t> {
        self.unary(Pow(p))
    }
}

#[cfg(test)]
mod tests {
    use crate::{gradcheck, Tape, Tensor};
    use downhill_tensor::Rng;
    use downhill_testing::assert_close;

    #[test]
    fn gradient_matches_central_differences() {
        // Positive inputs in [0.5, 2] so fractional and negative exponents stay smooth.
        let x = Tensor::rand_uniform([3, 4], 0.5, 2.0, &mut Rng::seed(10));
        for p in [2.0, 3.0, 0.5, -1.0, -1.5, 1.0] {
            gradcheck(move |x| x.pow(p), &x);
        }
        // Integer exponents are fine for negative bases too.
        let z = Tensor::rand_normal([5], 0.0, 1.0, &mut Rng::seed(11));
        gradcheck(|x| x.pow(3.0), &z);
    }

    #[test]
    fn values_and_zero_exponent_gradient() {
        let tape = Tape::new();
        let x = tape.watch(Tensor::vector(vec![0.0, 2.0, -3.0]));
        let y = x.pow(2.0);
        // powf is not required to round correctly: 1e-6.
        assert_close("x^2", y.value().data(), &[0.0, 4.0, 9.0], 1e-6);
        let g = tape.backward(x.pow(0.0).sum());
        // Exact: for p = 0 the backward returns zeros without computing anything.
        assert_eq!(g.wrt(x).unwrap().data(), &[0.0, 0.0, 0.0]);
    }
}
