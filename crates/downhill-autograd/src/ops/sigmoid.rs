//! Logistic sigmoid: y = σ(x) = 1/(1 + exp(−x)).
//!   dx = dy ⊙ y(1 − y)   (reuses the saved output)
//! Evaluated as 1/(1 + e) or e/(1 + e) with e = exp(−|x|) ≤ 1, so neither branch overflows.
use crate::{InputGrads, Op, Var};
use downhill_tensor::{Float, Tensor};

pub(crate) struct Sigmoid;

/// Overflow-free σ(x): exp is only ever taken of a non-positive number.
pub(crate) fn sigmoid(x: Float) -> Float {
    let e = (-x.abs()).exp();
    let r = 1.0 / (1.0 + e);
    if x >= 0.0 {
        r
    } else {
        e * r
    }
}

impl Op for Sigmoid {
    fn name(&self) -> &'static str {
        "sigmoid"
    }
    fn forward(&mut self, xs: &[&Tensor]) -> Tensor {
        xs[0].map(sigmoid)
    }
    fn backward(&self, _xs: &[&Tensor], y: &Tensor, dy: &Tensor) -> InputGrads {
        [Some(dy.zip_map(y, |g, s| g * s * (1.0 - s)))].into()
    }
}

impl<'t> Var<'t> {
    /// σ(x) = 1 / (1 + e⁻ˣ), elementwise.
    pub fn sigmoid(self) -> Var<'t> {
        self.unary(Sigmoid)
    }
}

#[cfg(test)]
mod tests {
    use crate::{gradcheck, Tape, Tensor};
    use downhill_testing::assert_close;

    #[test]
    fn gradient_matches_central_differences() {
        gradcheck(|x| x.sigmoid(), &Tensor::linspace(-6.0, 6.0, 13));
    }

    #[test]
    fn values_are_stable_for_large_inputs() {
        // σ(0) = ½, σ(2) = 0.880797, σ(−2) = 0.119203; σ(±100) saturates without NaN or overflow.
        let tape = Tape::new();
        let x = tape.watch(Tensor::vector(vec![0.0, 2.0, -2.0, 100.0, -100.0, 1000.0, -1000.0]));
        let y = x.sigmoid();
        let v = y.value().clone();
        assert!(v.all_finite());
        // One exp and a division each; the references have 6 decimals: 1e-6.
        assert_close("σ(0), σ(2), σ(−2)", &v.data()[..3], &[0.5, 0.880_797, 0.119_203], 1e-6);
        assert!((0.0..1e-43).contains(&v.data()[4]), "σ(−100) = {:e}", v.data()[4]);
        // Exact saturation: 1 + e^−100 rounds to 1 in f32, and e^−1000 underflows to 0.
        assert_eq!([v.data()[3], v.data()[5], v.data()[6]], [1.0, 1.0, 0.0]);
        let g = tape.backward(y.sum());
        assert!(g.wrt(x).unwrap().all_finite());
    }
}
