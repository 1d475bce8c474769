//! Sum of squares of all values to a scalar, the L2 penalty's core: y = Σ x²,  dx = 2·dy·x.
//! One pass each way; `(x * x).sum()` makes x², a broadcast of dy and two products in its backward,
//! and adds two gradients into x, which on every weight of a net cost as much as the net's step.
//! The forward accumulates in f64 (`Tensor::sum_squares`) and rounds once to f32.
use crate::{InputGrads, Op, Var};
use downhill_tensor::{Float, Tensor};

pub(crate) struct SumSquares;

impl Op for SumSquares {
    fn name(&self) -> &'static str {
        "sum_squares"
    }
    fn forward(&mut self, xs: &[&Tensor]) -> Tensor {
        Tensor::scalar(xs[0].sum_squares() as Float)
    }
    fn backward(&self, xs: &[&Tensor], _y: &Tensor, dy: &Tensor) -> InputGrads {
        let twice = 2.0 * dy.item();
        [Some(xs[0].map(|x| twice * x))].into()
    }
}

impl<'t> Var<'t> {
    /// Σ x² over all values, as a rank-0 value.
    pub fn sum_squares(self) -> Var<'t> {
        self.unary(SumSquares)
    }
}

#[cfg(test)]
mod tests {
    use crate::{gradcheck, Tape, Tensor};
    use downhill_tensor::Rng;

    #[test]
    fn gradient_matches_central_differences() {
        let x = Tensor::rand_normal([3, 4], 0.0, 1.0, &mut Rng::seed(7));
        gradcheck(|x| x.sum_squares(), &x);
        gradcheck(|x| x.sum_squares() * x.sum(), &x);
    }

    #[test]
    fn equals_the_product_form() {
        let x = Tensor::rand_normal([5, 7], 0.0, 2.0, &mut Rng::seed(8));
        let tape = Tape::new();
        let (a, b) = (tape.watch(x.clone()), tape.watch(x));
        let (fused, plain) = (a.sum_squares() * 0.3, (b * b).sum() * 0.3);
        // f64 against f32 accumulation of 35 squares of order 4: 1e-5 relative.
        let (f, p) = (fused.item(), plain.item());
        assert!((f - p).abs() <= 1e-5 * p.abs(), "{f} vs {p}");
        let (ga, gb) = (tape.backward(fused), tape.backward(plain));
        // Both are 0.6·x, rounded the same way up to one product: 1e-6 relative.
        for (u, v) in ga.wrt(a).unwrap().data().iter().zip(gb.wrt(b).unwrap().data()) {
            assert!((u - v).abs() <= 1e-6 * v.abs().max(1e-3), "{u} vs {v}");
        }
    }
}
