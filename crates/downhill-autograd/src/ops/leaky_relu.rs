//! Leaky ReLU (torch `leaky_relu(x, negative_slope)`, torch's default slope is 0.01):
//!   y = x if x > 0 else slope·x
//!   dx = dy if x > 0 else slope·dy
use crate::{InputGrads, Op, Var};
use downhill_tensor::{Float, Tensor};

pub(crate) struct LeakyRelu(pub Float);

impl Op for LeakyRelu {
    fn name(&self) -> &'static str {
        "leaky_relu"
    }
    fn forward(&mut self, xs: &[&Tensor]) -> Tensor {
        let slope = self.0;
        xs[0].map(|x| if x > 0.0 { x } else { slope * x })
    }
    fn backward(&self, xs: &[&Tensor], _y: &Tensor, dy: &Tensor) -> InputGrads {
        let slope = self.0;
        [Some(dy.zip_map(xs[0], |g, x| if x > 0.0 { g } else { slope * g }))].into()
    }
}

impl<'t> Var<'t> {
    /// `x` for positive values, `slope · x` otherwise.
    pub fn leaky_relu(self, slope: Float) -> Var<'t> {
        self.unary(LeakyRelu(slope))
    }
}

#[cfg(test)]
mod tests {
    use crate::{gradcheck, Tape, Tensor};

    #[test]
    fn gradient_matches_central_differences() {
        // Grid shifted by 0.1 off the kink at 0.
        for slope in [0.01, 0.2] {
            gradcheck(move |x| x.leaky_relu(slope), &Tensor::linspace(-1.9, 2.1, 9));
        }
    }

    #[test]
    fn values() {
        let tape = Tape::new();
        let x = tape.watch(Tensor::vector(vec![-2.0, 0.0, 3.0]));
        let y = x.leaky_relu(0.1);
        assert!((y.value().data()[0] + 0.2).abs() < 1e-7, "leaky_relu(-2) = {} vs -0.2", y.value().data()[0]);
        // Exact: 0.1 · 0 = 0 and 3 passes through; the gradient is the slope or 1, each times 1.
        assert_eq!(y.value().data()[1..], [0.0, 3.0]);
        let g = tape.backward(y.sum());
        assert_eq!(g.wrt(x).unwrap().data(), &[0.1, 0.1, 1.0]);
    }
}
