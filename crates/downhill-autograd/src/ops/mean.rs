//! Mean of all values to a scalar: y = (1/N) Σ x, N = number of values.
//!   dx = dy / N everywhere
use crate::{InputGrads, Op, Var};
use downhill_tensor::{Float, Tensor};

pub(crate) struct Mean;

impl Op for Mean {
    fn name(&self) -> &'static str {
        "mean"
    }
    fn forward(&mut self, xs: &[&Tensor]) -> Tensor {
        Tensor::scalar(xs[0].mean())
    }
    fn backward(&self, xs: &[&Tensor], _y: &Tensor, dy: &Tensor) -> InputGrads {
        let n = xs[0].numel() as Float;
        [Some(Tensor::full(xs[0].shape().clone(), dy.item() / n))].into()
    }
}

impl<'t> Var<'t> {
    /// Mean of all values, as a rank-0 value (NaN for an empty value).
    pub fn mean(self) -> Var<'t> {
        self.unary(Mean)
    }
}

#[cfg(test)]
mod tests {
    use crate::{gradcheck, Tape, Tensor};
    use downhill_tensor::Rng;
    use downhill_testing::assert_close;

    #[test]
    fn gradient_matches_central_differences() {
        let x = Tensor::rand_normal([3, 4], 0.0, 1.0, &mut Rng::seed(22));
        gradcheck(|x| x.mean(), &x);
        gradcheck(|x| (x * x).mean(), &x);
    }

    #[test]
    fn value_is_a_rank_0_mean() {
        let tape = Tape::new();
        let x = tape.watch(Tensor::vector(vec![1.0, 2.0, 6.0]));
        let y = x.mean();
        assert_eq!(y.shape().rank(), 0);
        // (1 + 2 + 6) / 3: a sum and a division, 1e-6.
        assert_close("mean", &[y.item()], &[3.0], 1e-6);
        let g = tape.backward(y);
        assert!(g.wrt(x).unwrap().data().iter().all(|&v| (v - 1.0 / 3.0).abs() < 1e-7));
    }
}
