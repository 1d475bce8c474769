//! Elementwise clamp to [lo, hi]: y = min(max(x, lo), hi).
//!   dx = dy where lo ≤ x ≤ hi, 0 outside   (bounds inclusive, as torch.clamp's backward)
use crate::{InputGrads, Op, Var};
use downhill_tensor::{Float, Tensor};

pub(crate) struct Clamp {
    lo: Float,
    hi: Float,
}

impl Op for Clamp {
    fn name(&self) -> &'static str {
        "clamp"
    }
    fn forward(&mut self, xs: &[&Tensor]) -> Tensor {
        let (lo, hi) = (self.lo, self.hi);
        xs[0].map(|x| x.max(lo).min(hi))
    }
    fn backward(&self, xs: &[&Tensor], _y: &Tensor, dy: &Tensor) -> InputGrads {
        let (lo, hi) = (self.lo, self.hi);
        [Some(dy.zip_map(xs[0], |g, x| if x >= lo && x <= hi { g } else { 0.0 }))].into()
    }
}

impl<'t> Var<'t> {
    /// Clamps every value to `[lo, hi]`; panics if `lo > hi`.
    pub fn clamp(self, lo: Float, hi: Float) -> Var<'t> {
        assert!(lo <= hi, "clamp: lower bound {lo} above upper bound {hi}");
        self.unary(Clamp { lo, hi })
    }
}

#[cfg(test)]
mod tests {
    use crate::{gradcheck, Tape, Tensor};

    #[test]
    fn gradient_matches_central_differences() {
        // Grid −2, −1.6, …, 2 stays ≥ 0.1 away from the bounds −0.5 and 1.1.
        gradcheck(|x| x.clamp(-0.5, 1.1), &Tensor::linspace(-2.0, 2.0, 11));
    }

    #[test]
    fn values_and_zero_gradient_outside() {
        let tape = Tape::new();
        let x = tape.watch(Tensor::vector(vec![-3.0, -1.0, 0.5, 1.0, 4.0]));
        let y = x.clamp(-1.0, 1.0);
        // Exact, no rounding: each value is an input or a bound, and each gradient passes 1 or 0.
        assert_eq!(y.value().data(), &[-1.0, -1.0, 0.5, 1.0, 1.0]);
        let g = tape.backward(y.sum());
        assert_eq!(g.wrt(x).unwrap().data(), &[0.0, 1.0, 1.0, 1.0, 0.0]);
    }
}
