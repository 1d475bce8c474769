//! A slice along one axis (torch `narrow(dim, start, length)`): y = x[.., range, ..].
//!   dx = zeros shaped like x with dy written into `range` along `axis`
use crate::{InputGrads, Op, Var};
use downhill_tensor::Tensor;
use std::ops::Range;

pub(crate) struct Narrow {
    axis: usize,
    range: Range<usize>,
}

impl Op for Narrow {
    fn name(&self) -> &'static str {
        "narrow"
    }
    fn forward(&mut self, xs: &[&Tensor]) -> Tensor {
        xs[0].narrow(self.axis, self.range.clone())
    }
    fn backward(&self, xs: &[&Tensor], _y: &Tensor, dy: &Tensor) -> InputGrads {
        let (outer, n, inner) = xs[0].shape().split_at_axis(self.axis);
        let (start, len) = (self.range.start, self.range.len());
        let mut dx = Tensor::zeros_like(xs[0]);
        let out = dx.data_mut();
        for o in 0..outer {
            let dst = (o * n + start) * inner;
            out[dst..dst + len * inner].copy_from_slice(&dy.data()[o * len * inner..(o + 1) * len * inner]);
        }
        [Some(dx)].into()
    }
}

impl<'t> Var<'t> {
    /// The values at positions `range` along `axis`; panics when `range` runs past the end.
    pub fn narrow(self, axis: usize, range: Range<usize>) -> Var<'t> {
        self.unary(Narrow { axis, range })
    }
}

#[cfg(test)]
mod tests {
    use crate::{gradcheck, Tape, Tensor};
    use downhill_tensor::Rng;

    #[test]
    fn gradient_matches_central_differences() {
        let x = Tensor::rand_normal([3, 4, 5], 0.0, 1.0, &mut Rng::seed(43));
        gradcheck(|x| x.narrow(0, 1..3), &x);
        gradcheck(|x| x.narrow(1, 0..1), &x);
        gradcheck(|x| x.narrow(2, 2..5), &x);
    }

    #[test]
    fn values_and_gradient_scatter() {
        let tape = Tape::new();
        let x = tape.watch(Tensor::from_rows(&[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]).unwrap());
        let y = x.narrow(1, 1..3);
        // Exact: narrowing copies values and its gradient scatters 1s into zeros.
        assert_eq!(y.value().data(), &[2.0, 3.0, 5.0, 6.0]);
        let g = tape.backward(y.sum());
        assert_eq!(g.wrt(x).unwrap().data(), &[0.0, 1.0, 1.0, 0.0, 1.0, 1.0]);
    }
}
