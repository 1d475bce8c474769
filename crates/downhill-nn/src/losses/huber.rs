//! Huber loss with threshold δ (torch `nn.HuberLoss`):
//!   ℓ(r) = ½r²            if |r| ≤ δ
//!        = δ(|r| − ½δ)    otherwise,             r = p − t,  L = mean ℓ(r)
//! Written as ℓ = ½m² + δ(|r| − m) with m = clamp(|r|, 0, δ), which equals both branches, so
//! dℓ/dr = r inside and δ·sign(r) outside come out of the primitives' derivatives.
use super::Loss;
use downhill_autograd::Var;
use downhill_tensor::Float;

/// Huber loss: quadratic for residuals up to `delta`, linear beyond; `pred` and `target` of one shape.
#[derive(Clone, Copy, Debug)]
pub struct Huber {
    /// δ > 0, where the quadratic becomes linear (torch's default 1, `Huber::default()`).
    pub delta: Float,
}

impl Default for Huber {
    fn default() -> Huber {
        Huber { delta: 1.0 } // torch default
    }
}

impl Loss for Huber {
    fn loss<'t>(&self, pred: Var<'t>, target: Var<'t>) -> Var<'t> {
        let a = (pred - target).abs();
        let m = a.clamp(0.0, self.delta);
        (m * m * 0.5 + (a - m) * self.delta).mean()
    }
    fn name(&self) -> &'static str {
        "huber"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_autograd::{gradcheck, Tape};
    use downhill_tensor::Tensor;
    use downhill_testing::assert_close;

    #[test]
    fn quadratic_inside_linear_outside() {
        let tape = Tape::new();
        let p = tape.watch(Tensor::vector(vec![0.5, 3.0]));
        let l = Huber { delta: 1.0 }.loss(p, tape.leaf(Tensor::zeros([2])));
        assert!((l.item() - (0.125 + 2.5) / 2.0).abs() < 1e-6);
        // r / 2 inside, δ·sign(r) / 2 outside: a few f32 operations, 1e-6.
        assert_close("dL/dp", tape.backward(l).wrt(p).unwrap().data(), &[0.25, 0.5], 1e-6);
        // Residuals kept away from ±δ, where the second derivative jumps.
        let pred = Tensor::vector(vec![-2.3, -0.6, 0.2, 0.7, 1.6]);
        gradcheck(|p| Huber { delta: 1.0 }.loss(p, p.tape().leaf(Tensor::zeros([5]))), &pred);
    }
}
