//! Elementwise quotient with broadcasting: y = a / b.
//!   da = sum_to(dy / b, shape a),  db = −sum_to(dy ⊙ y / b, shape b)   (y / b = a / b²)
use crate::{InputGrads, Op};
use downhill_tensor::Tensor;

pub(crate) struct Div;

impl Op for Div {
    fn name(&self) -> &'static str {
        "div"
    }
    fn forward(&mut self, xs: &[&Tensor]) -> Tensor {
        xs[0] / xs[1]
    }
    fn backward(&self, xs: &[&Tensor], y: &Tensor, dy: &Tensor) -> InputGrads {
        let da = dy / xs[1];
        let db = -&(&da * y).sum_to(xs[1].shape());
        [Some(da.sum_to(xs[0].shape())), Some(db)].into()
    }
}

#[cfg(test)]
mod tests {
    use crate::{gradcheck_many, Tensor};
    use downhill_tensor::Rng;

    #[test]
    fn gradient_matches_central_differences_with_broadcasting() {
        let mut rng = Rng::seed(4);
        let a = Tensor::rand_normal([3, 4], 0.0, 1.0, &mut rng);
        // Denominators kept in [1, 2] so the quotient stays smooth under the finite-difference step.
        for b_shape in [vec![3, 4], vec![4], vec![3, 1]] {
            let b = Tensor::rand_uniform(b_shape, 1.0, 2.0, &mut rng);
            gradcheck_many(|v| v[0] / v[1], &[a.clone(), b]);
        }
    }
}
