//! Elementwise product with broadcasting: y = a ⊙ b.
//!   da = sum_to(dy ⊙ b, shape a),  db = sum_to(dy ⊙ a, shape b)
use crate::{InputGrads, Op};
use downhill_tensor::Tensor;

pub(crate) struct Mul;

impl Op for Mul {
    fn name(&self) -> &'static str {
        "mul"
    }
    fn forward(&mut self, xs: &[&Tensor]) -> Tensor {
        xs[0] * xs[1]
    }
    fn backward(&self, xs: &[&Tensor], _y: &Tensor, dy: &Tensor) -> InputGrads {
        [Some((dy * xs[1]).sum_to(xs[0].shape())), Some((dy * xs[0]).sum_to(xs[1].shape()))].into()
    }
}

#[cfg(test)]
mod tests {
    use crate::{gradcheck_many, Tensor};
    use downhill_tensor::Rng;

    #[test]
    fn gradient_matches_central_differences_with_broadcasting() {
        let mut rng = Rng::seed(3);
        let a = Tensor::rand_normal([4, 3], 0.0, 1.0, &mut rng);
        for b_shape in [vec![4, 3], vec![3], vec![4, 1], vec![]] {
            let b = Tensor::rand_normal(b_shape, 0.0, 1.0, &mut rng);
            gradcheck_many(|v| v[0] * v[1], &[a.clone(), b]);
        }
    }
}
