//! Mean absolute error: L = mean(|p − t|),  dL/dp = sign(p − t)/N.   (torch `nn.L1Loss`)
use super::Loss;
use downhill_autograd::Var;

/// Mean absolute error (L1 loss); `pred` and `target` of one shape.
#[derive(Clone, Copy, Debug, Default)]
pub struct Mae;

impl Loss for Mae {
    fn loss<'t>(&self, pred: Var<'t>, target: Var<'t>) -> Var<'t> {
        (pred - target).abs().mean()
    }
    fn name(&self) -> &'static str {
        "mae"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_autograd::Tape;
    use downhill_tensor::Tensor;
    use downhill_testing::assert_close;

    #[test]
    fn value_and_gradient_are_the_mean_sign() {
        let tape = Tape::new();
        let p = tape.watch(Tensor::vector(vec![1.0, -3.0]));
        let l = Mae.loss(p, tape.leaf(Tensor::vector(vec![0.0, 1.0])));
        // (1 + 4) / 2 and sign(r) / 2: a sum and a division, 1e-6.
        assert_close("mae", &[l.item()], &[2.5], 1e-6);
        assert_close("dL/dp", tape.backward(l).wrt(p).unwrap().data(), &[0.5, -0.5], 1e-6);
    }
}
