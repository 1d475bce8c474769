//! Multiplying by a constant mask (inverted dropout draws the mask of 0 and 1/(1 − p) elsewhere):
//!   y = x ⊙ mask,  dx = dy ⊙ mask   (the mask gets no gradient)
use crate::{InputGrads, Op, Var};
use downhill_tensor::Tensor;

pub(crate) struct DropoutMask(pub Tensor);

impl Op for DropoutMask {
    fn name(&self) -> &'static str {
        "dropout_mask"
    }
    fn forward(&mut self, xs: &[&Tensor]) -> Tensor {
        xs[0] * &self.0
    }
    fn backward(&self, _xs: &[&Tensor], _y: &Tensor, dy: &Tensor) -> InputGrads {
        [Some(dy * &self.0)].into()
    }
}

impl<'t> Var<'t> {
    /// `self ⊙ mask` for a constant `mask` of the same shape; panics naming both shapes otherwise.
    pub fn dropout_mask(self, mask: Tensor) -> Var<'t> {
        let shape = self.shape();
        assert!(
            mask.shape() == &shape,
            "dropout_mask: mask of shape {} for a value of shape {shape}",
            mask.shape()
        );
        self.unary(DropoutMask(mask))
    }
}

#[cfg(test)]
mod tests {
    use crate::{gradcheck, Tape, Tensor};
    use downhill_tensor::Rng;
    use downhill_testing::assert_close;

    #[test]
    fn gradient_matches_central_differences() {
        let x = Tensor::rand_normal([3, 4], 0.0, 1.0, &mut Rng::seed(46));
        gradcheck(
            |x| x.dropout_mask(Tensor::from_vec([0.0, 2.0, 2.0, 0.0, 2.0, 2.0].repeat(2), [3, 4]).unwrap()),
            &x,
        );
    }

    #[test]
    fn values_and_gradient_are_masked() {
        let tape = Tape::new();
        let x = tape.watch(Tensor::vector(vec![1.0, 2.0, 3.0]));
        let y = x.dropout_mask(Tensor::vector(vec![2.0, 0.0, 2.0]));
        // One f32 product per value: 1e-6.
        assert_close("x ⊙ mask", y.value().data(), &[2.0, 0.0, 6.0], 1e-6);
        // Exact, no rounding: the gradient of Σ x ⊙ mask is 1 · mask, a copy of the mask.
        assert_eq!(tape.backward(y.sum()).wrt(x).unwrap().data(), &[2.0, 0.0, 2.0]);
    }
}
