//! Exponential linear unit (torch `elu(x, alpha)`, torch's default alpha is 1):
//!   y = x if x > 0 else alpha·(exp(x) − 1)
//!   dx = dy if x > 0 else dy ⊙ (y + alpha)   (alpha·exp(x) = y + alpha reuses the saved output)
use crate::{InputGrads, Op, Var};
use downhill_tensor::{Float, Tensor};

pub(crate) struct Elu(pub Float);

impl Op for Elu {
    fn name(&self) -> &'static str {
        "elu"
    }
    fn forward(&mut self, xs: &[&Tensor]) -> Tensor {
        let alpha = self.0;
        xs[0].map(|x| if x > 0.0 { x } else { alpha * x.exp_m1() })
    }
    fn backward(&self, xs: &[&Tensor], y: &Tensor, dy: &Tensor) -> InputGrads {
        let alpha = self.0;
        let mut dx = dy.clone();
        for ((g, &x), &y) in dx.data_mut().iter_mut().zip(xs[0].data()).zip(y.data()) {
            if x <= 0.0 {
                *g *= y + alpha;
            }
        }
        [Some(dx)].into()
    }
}

impl<'t> Var<'t> {
    /// `x` for positive values, `alpha · (exp(x) − 1)` otherwise.
    pub fn elu(self, alpha: Float) -> Var<'t> {
        self.unary(Elu(alpha))
    }
}

#[cfg(test)]
mod tests {
    use crate::{gradcheck, Tape, Tensor};

    #[test]
    fn gradient_matches_central_differences() {
        // Grid shifted by 0.1 off 0 (for alpha ≠ 1 the derivative jumps there).
        for alpha in [1.0, 0.5] {
            gradcheck(move |x| x.elu(alpha), &Tensor::linspace(-2.9, 2.1, 11));
        }
    }

    #[test]
    fn values() {
        // torch.nn.functional.elu(tensor([-1., 0., 2.])) = [-0.6321, 0., 2.]  (e^−1 − 1 = −0.632120558)
        let tape = Tape::new();
        let y = tape.leaf(Tensor::vector(vec![-1.0, 0.0, 2.0, -1000.0])).elu(1.0);
        let v = y.value();
        assert!((v.data()[0] + 0.632_120_56).abs() < 1e-6, "elu(-1) = {} vs -0.63212056", v.data()[0]);
        // Exact: 2 passes through, expm1(0) = 0 (C Annex F), and e^−1000 − 1 rounds to −1.
        assert_eq!(v.data()[1..], [0.0, 2.0, -1.0]);
    }
}
