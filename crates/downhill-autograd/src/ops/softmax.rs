//! Softmax along one axis (torch `softmax(x, dim)`), max-subtracted so inputs like 1000 are safe:
//!   y = exp(x − m) / Σ_axis exp(x − m),  m = max_axis x
//!   dx = y ⊙ (dy − Σ_axis dy ⊙ y)
use crate::{InputGrads, Op, Var};
use downhill_tensor::Tensor;

pub(crate) struct Softmax(pub usize);

impl Op for Softmax {
    fn name(&self) -> &'static str {
        "softmax"
    }
    fn forward(&mut self, xs: &[&Tensor]) -> Tensor {
        let m = xs[0].max_axis(self.0);
        let mut e = xs[0].zip_map(&m, |v, m| (v - m).exp());
        let s = e.sum_axis(self.0);
        e.update_with(&s, |v, s| v / s);
        e
    }
    fn backward(&self, _xs: &[&Tensor], y: &Tensor, dy: &Tensor) -> InputGrads {
        let dot = (dy * y).sum_axis(self.0);
        let mut dx = dy.zip_map(&dot, |g, d| g - d);
        dx.update_with(y, |d, y| d * y);
        [Some(dx)].into()
    }
}

impl<'t> Var<'t> {
    /// Softmax along `axis`: every lane becomes positive and sums to 1.
    pub fn softmax(self, axis: usize) -> Var<'t> {
        self.unary(Softmax(axis))
    }
}

#[cfg(test)]
mod tests {
    use crate::{gradcheck, Tape, Tensor};
    use downhill_tensor::Rng;

    #[test]
    fn gradient_matches_central_differences() {
        let x = Tensor::rand_normal([2, 3, 4], 0.0, 2.0, &mut Rng::seed(30));
        for axis in 0..3 {
            gradcheck(move |x| x.softmax(axis), &x);
        }
    }

    #[test]
    fn values_are_stable_for_large_inputs() {
        // softmax([1000, 1001]) = softmax([0, 1]) = [1/(1+e), e/(1+e)] = [0.268941, 0.731059].
        let tape = Tape::new();
        let x = tape.watch(Tensor::from_rows(&[[1000.0, 1001.0], [-1000.0, -1001.0]]).unwrap());
        let y = x.softmax(1);
        let v = y.value().clone();
        let want = [0.268_941_4, 0.731_058_6, 0.731_058_6, 0.268_941_4];
        for (got, want) in v.data().iter().zip(want) {
            assert!((got - want).abs() < 1e-6, "{got} vs {want}");
        }
        // Each lane sums to 1 whatever dy is, so a plain sum has zero gradient.
        let g = tape.backward(y.sum());
        assert!(g.wrt(x).unwrap().data().iter().all(|v| v.abs() < 1e-6));
    }
}
