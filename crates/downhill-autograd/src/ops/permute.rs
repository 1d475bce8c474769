//! Permutation of axes (torch `permute`): y = x.permute(axes), so axis k of y is axis axes[k] of x.
//!   dx = dy.permute(inv)   with inv[axes[k]] = k (the inverse permutation)
use crate::{InputGrads, Op, Var};
use downhill_tensor::{inverse_permutation, Tensor};

pub(crate) struct Permute(pub Vec<usize>);

impl Op for Permute {
    fn name(&self) -> &'static str {
        "permute"
    }
    fn forward(&mut self, xs: &[&Tensor]) -> Tensor {
        xs[0].permute(&self.0)
    }
    fn backward(&self, _xs: &[&Tensor], _y: &Tensor, dy: &Tensor) -> InputGrads {
        [Some(dy.permute(&inverse_permutation(&self.0)))].into()
    }
}

impl<'t> Var<'t> {
    /// The value with its axes reordered: axis k of the result is axis `axes[k]` of `self` (torch
    /// `permute`). Panics naming the shape unless `axes` is a permutation of `0..rank`.
    pub fn permute(self, axes: &[usize]) -> Var<'t> {
        self.unary(Permute(axes.to_vec()))
    }
}

#[cfg(test)]
mod tests {
    use crate::{gradcheck, Tape, Tensor};
    use downhill_tensor::Rng;

    #[test]
    fn gradient_matches_central_differences() {
        let x = Tensor::rand_normal([2, 3, 4], 0.0, 1.0, &mut Rng::seed(48));
        // Weighted by position after the permute, so a backward that forgot to invert would fail.
        gradcheck(|x| x.permute(&[2, 0, 1]), &x);
        gradcheck(|x| x.permute(&[1, 2, 0]).permute(&[0, 2, 1]), &x);
    }

    #[test]
    fn nchw_to_nhwc_moves_channels_last() {
        let tape = Tape::new();
        let x = tape.leaf(Tensor::linspace(0.0, 11.0, 12).reshape([1, 3, 2, 2]));
        let y = x.permute(&[0, 2, 3, 1]);
        assert_eq!(y.shape().dims(), &[1, 2, 2, 3]);
        // Exact: permuting only moves values; pixel (0, 0) holds channels 0, 1, 2 = x[0, c, 0, 0] = 4c.
        assert_eq!(&y.value().data()[..3], &[0.0, 4.0, 8.0]);
    }
}
