//! Mean squared error: L = mean((p − t)²),  dL/dp = 2(p − t)/N.   (torch `nn.MSELoss`)
use super::Loss;
use downhill_autograd::Var;

/// Mean squared error; `pred` and `target` of one shape.
#[derive(Clone, Copy, Debug, Default)]
pub struct Mse;

impl Loss for Mse {
    fn loss<'t>(&self, pred: Var<'t>, target: Var<'t>) -> Var<'t> {
        let r = pred - target;
        (r * r).mean()
    }
    fn name(&self) -> &'static str {
        "mse"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_autograd::{gradcheck, Tape};
    use downhill_tensor::{Rng, Tensor};
    use downhill_testing::assert_close;

    #[test]
    fn value_and_gradient() {
        let tape = Tape::new();
        let l =
            Mse.loss(tape.leaf(Tensor::vector(vec![1.0, 3.0])), tape.leaf(Tensor::vector(vec![0.0, 1.0])));
        // (1 + 4) / 2: two products, a sum and a division, 1e-6.
        assert_close("mse", &[l.item()], &[2.5], 1e-6);
        let t = Tensor::rand_normal([4, 2], 0.0, 1.0, &mut Rng::seed(1));
        let t = &t;
        gradcheck(
            move |p| Mse.loss(p, p.tape().leaf(t.clone())),
            &Tensor::rand_normal([4, 2], 0.0, 1.0, &mut Rng::seed(2)),
        );
    }
}
