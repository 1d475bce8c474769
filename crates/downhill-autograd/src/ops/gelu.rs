//! Gaussian error linear unit, exact erf form (torch `gelu(x)`, approximate='none'):
//!   y = x·Φ(x),  Φ(x) = ½(1 + erf(x/√2))
//!   dx = dy ⊙ (Φ(x) + x·φ(x)),  φ(x) = exp(−x²/2)/√(2π)
use crate::{InputGrads, Op, Var};
use downhill_tensor::{Float, Tensor};
use libm::Libm;
use std::f64::consts::{FRAC_1_SQRT_2, FRAC_2_SQRT_PI};

pub(crate) struct Gelu;

/// 1/√2 and 1/√(2π) = ½ · (2/√π) · (1/√2)
const INV_SQRT_2: Float = FRAC_1_SQRT_2 as Float;
const INV_SQRT_2PI: Float = (0.5 * FRAC_2_SQRT_PI * FRAC_1_SQRT_2) as Float;

/// Standard normal CDF.
fn phi_cdf(x: Float) -> Float {
    0.5 * (1.0 + Libm::<Float>::erf(x * INV_SQRT_2))
}

impl Op for Gelu {
    fn name(&self) -> &'static str {
        "gelu"
    }
    fn forward(&mut self, xs: &[&Tensor]) -> Tensor {
        xs[0].map(|x| x * phi_cdf(x))
    }
    fn backward(&self, xs: &[&Tensor], _y: &Tensor, dy: &Tensor) -> InputGrads {
        let d = |x: Float| phi_cdf(x) + x * INV_SQRT_2PI * (-0.5 * x * x).exp();
        [Some(dy.zip_map(xs[0], |g, x| g * d(x)))].into()
    }
}

impl<'t> Var<'t> {
    /// GELU in its exact erf form (torch's default), not the tanh approximation.
    pub fn gelu(self) -> Var<'t> {
        self.unary(Gelu)
    }
}

#[cfg(test)]
mod tests {
    use crate::{gradcheck, Tape, Tensor};

    #[test]
    fn gradient_matches_central_differences() {
        gradcheck(|x| x.gelu(), &Tensor::linspace(-4.0, 4.0, 13));
    }

    #[test]
    fn values_match_torch() {
        // torch.nn.functional.gelu(torch.tensor([-3., -1., 0., 1., 2.])) (float32):
        // [-0.0040496, -0.1586553, 0.0, 0.8413447, 1.9544997]; large inputs pass through or vanish.
        let tape = Tape::new();
        let x = Tensor::vector(vec![-3.0, -1.0, 0.0, 1.0, 2.0, 50.0, -50.0]);
        let y = tape.leaf(x).gelu();
        let want = [-0.004_049_6, -0.158_655_3, 0.0, 0.841_344_7, 1.954_499_7, 50.0, 0.0];
        for (got, want) in y.value().data().iter().zip(want) {
            assert!((got - want).abs() < 1e-6, "{got} vs {want}");
        }
    }
}
