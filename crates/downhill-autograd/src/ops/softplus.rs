//! Softplus (torch `softplus(x)` with its defaults beta = 1): y = log(1 + exp(x)).
//!   evaluated as y = max(x, 0) + log1p(exp(−|x|)), which never overflows (softplus(±1000) = 1000, 0)
//!   dx = dy ⊙ σ(x)
//! torch returns x itself above its threshold 20; there the two differ by log1p(e^−20) ≈ 2e−9, below
//! f32 resolution.
use super::sigmoid::sigmoid;
use crate::{InputGrads, Op, Var};
use downhill_tensor::Tensor;

pub(crate) struct Softplus;

impl Op for Softplus {
    fn name(&self) -> &'static str {
        "softplus"
    }
    fn forward(&mut self, xs: &[&Tensor]) -> Tensor {
        xs[0].map(|x| x.max(0.0) + (-x.abs()).exp().ln_1p())
    }
    fn backward(&self, xs: &[&Tensor], _y: &Tensor, dy: &Tensor) -> InputGrads {
        [Some(dy.zip_map(xs[0], |g, x| g * sigmoid(x)))].into()
    }
}

impl<'t> Var<'t> {
    /// `log(1 + exp(x))`, computed without overflow.
    pub fn softplus(self) -> Var<'t> {
        self.unary(Softplus)
    }
}

#[cfg(test)]
mod tests {
    use crate::{gradcheck, Tape, Tensor};

    #[test]
    fn gradient_matches_central_differences() {
        gradcheck(|x| x.softplus(), &Tensor::linspace(-6.0, 6.0, 13));
    }

    #[test]
    fn values_are_stable_for_large_inputs() {
        // softplus(0) = ln 2 = 0.693147, softplus(1) = 1.313262, softplus(−1) = 0.313262.
        let tape = Tape::new();
        let x = tape.watch(Tensor::vector(vec![0.0, 1.0, -1.0, 1000.0, -1000.0]));
        let y = x.softplus();
        let v = y.value().clone();
        let want = [std::f32::consts::LN_2, 1.313_262, 0.313_262, 1000.0, 0.0];
        for (got, want) in v.data().iter().zip(want) {
            assert!((got - want).abs() < 1e-6, "{got} vs {want}");
        }
        // The gradient is σ(x): 1 at +1000, 0 at −1000, finite everywhere.
        let g = tape.backward(y.sum());
        let g = g.wrt(x).unwrap().data();
        assert!((g[0] - 0.5).abs() < 1e-6, "σ(0) = {} vs 0.5", g[0]);
        // Exact saturation: 1 + e^−1000 rounds to 1, and e^−1000 underflows to 0.
        assert_eq!([g[3], g[4]], [1.0, 0.0]);
    }
}
