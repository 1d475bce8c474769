//! Log-softmax along one axis (torch `log_softmax(x, dim)`), max-subtracted so inputs like 1000 are safe:
//!   y = (x − m) − log Σ_axis exp(x − m),  m = max_axis x
//!   dx = dy − softmax(x) ⊙ Σ_axis dy,  softmax(x) = exp(y)
use crate::{InputGrads, Op, Var};
use downhill_tensor::{Float, Tensor};

pub(crate) struct LogSoftmax(pub usize);

impl Op for LogSoftmax {
    fn name(&self) -> &'static str {
        "log_softmax"
    }
    fn forward(&mut self, xs: &[&Tensor]) -> Tensor {
        let m = xs[0].max_axis(self.0);
        let mut y = xs[0].zip_map(&m, |v, m| v - m);
        let log_sum = y.map(Float::exp).sum_axis(self.0).map(Float::ln);
        y.update_with(&log_sum, |v, l| v - l);
        y
    }
    fn backward(&self, _xs: &[&Tensor], y: &Tensor, dy: &Tensor) -> InputGrads {
        let sums = dy.sum_axis(self.0);
        let mut dx = y.map(Float::exp); // softmax(x)
        dx.update_with(&sums, |p, s| p * s);
        dx.update_with(dy, |p, g| g - p);
        [Some(dx)].into()
    }
}

impl<'t> Var<'t> {
    /// Log of the softmax along `axis`, computed without forming the softmax (no log of 0).
    pub fn log_softmax(self, axis: usize) -> Var<'t> {
        self.unary(LogSoftmax(axis))
    }
}

#[cfg(test)]
mod tests {
    use crate::{gradcheck, Tape, Tensor};
    use downhill_tensor::Rng;

    #[test]
    fn gradient_matches_central_differences() {
        let x = Tensor::rand_normal([2, 3, 4], 0.0, 2.0, &mut Rng::seed(31));
        for axis in 0..3 {
            gradcheck(move |x| x.log_softmax(axis), &x);
        }
    }

    #[test]
    fn values_are_stable_for_large_inputs() {
        // log_softmax([1000, 1001]) = [0, 1] − ln(1 + e) = [−1.313262, −0.313262]; a gap of 200 gives
        // −200 exactly where log(softmax) would give log(0) = −inf.
        let tape = Tape::new();
        let x = tape.watch(Tensor::from_rows(&[[1000.0, 1001.0], [0.0, 200.0]]).unwrap());
        let y = x.log_softmax(1);
        let v = y.value().clone();
        let want = [-1.313_261_7, -0.313_261_7, -200.0, 0.0];
        for (got, want) in v.data().iter().zip(want) {
            assert!((got - want).abs() < 1e-5, "{got} vs {want}");
        }
        // d/dx Σ y = 1 − n·softmax: for [1000, 1001] that is [1 − 2·0.268941, 1 − 2·0.731059].
        let g = tape.backward(y.sum());
        let g = g.wrt(x).unwrap().data();
        assert!((g[0] - 0.462_117).abs() < 1e-5 && (g[1] + 0.462_117).abs() < 1e-5);
    }
}
