//! Elementwise square root: y = √x.
//!   dx = dy / (2y)   (reuses the saved output; +inf at x = 0, as in torch)
use crate::{InputGrads, Op, Var};
use downhill_tensor::{Float, Tensor};

pub(crate) struct Sqrt;

impl Op for Sqrt {
    fn name(&self) -> &'static str {
        "sqrt"
    }
    fn forward(&mut self, xs: &[&Tensor]) -> Tensor {
        xs[0].map(Float::sqrt)
    }
    fn backward(&self, _xs: &[&Tensor], y: &Tensor, dy: &Tensor) -> InputGrads {
        [Some(dy.zip_map(y, |g, s| g / (2.0 * s)))].into()
    }
}

impl<'t> Var<'t> {
    /// √x, elementwise.
    pub fn sqrt(self) -> Var<'t> {
        self.unary(Sqrt)
    }
}

#[cfg(test)]
mod tests {
    use crate::{gradcheck, Tape, Tensor};
    use downhill_tensor::Rng;

    #[test]
    fn gradient_matches_central_differences() {
        gradcheck(|x| x.sqrt(), &Tensor::rand_uniform([4, 3], 0.5, 4.0, &mut Rng::seed(13)));
    }

    #[test]
    fn values() {
        let tape = Tape::new();
        let x = tape.watch(Tensor::vector(vec![0.0, 4.0, 2.25]));
        let y = x.sqrt();
        // Exact: IEEE 754 rounds sqrt correctly, and 0, 4 and 2.25 are perfect squares.
        assert_eq!(y.value().data(), &[0.0, 2.0, 1.5]);
        // d√x/dx = 1/(2√x): 1/4 at 4, 1/3 at 2.25.
        let g = tape.backward(y.sum());
        let g = g.wrt(x).unwrap().data();
        assert!((g[1] - 0.25).abs() < 1e-7 && (g[2] - 1.0 / 3.0).abs() < 1e-7, "{g:?} vs [inf, 0.25, 1/3]");
        // Exact: 1 / (2 · 0) is +∞ in IEEE 754.
        assert_eq!(g[0], f32::INFINITY);
    }
}
