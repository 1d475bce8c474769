//! Elementwise subtraction with broadcasting: y = a − b.
//!   da = sum_to(dy, shape a),  db = −sum_to(dy, shape b)
use crate::{InputGrads, Op};
use downhill_tensor::Tensor;

pub(crate) struct Sub;

impl Op for Sub {
    fn name(&self) -> &'static str {
        "sub"
    }
    fn forward(&mut self, xs: &[&Tensor]) -> Tensor {
        xs[0] - xs[1]
    }
    fn backward(&self, xs: &[&Tensor], _y: &Tensor, dy: &Tensor) -> InputGrads {
        [Some(dy.sum_to(xs[0].shape())), Some(-&dy.sum_to(xs[1].shape()))].into()
    }
}

#[cfg(test)]
mod tests {
    use crate::{gradcheck_many, Tensor};
    use downhill_tensor::Rng;

    #[test]
    fn gradient_matches_central_differences_with_broadcasting() {
        let mut rng = Rng::seed(2);
        let a = Tensor::rand_normal([2, 5], 0.0, 1.0, &mut rng);
        for b_shape in [vec![2, 5], vec![5], vec![2, 1]] {
            let b = Tensor::rand_normal(b_shape, 0.0, 1.0, &mut rng);
            gradcheck_many(|v| v[0] - v[1], &[a.clone(), b.clone()]);
            gradcheck_many(|v| v[1] - v[0], &[a.clone(), b]);
        }
    }
}
