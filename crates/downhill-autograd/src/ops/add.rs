//! Elementwise addition with broadcasting: y = a + b.
//!   da = sum_to(dy, shape a),  db = sum_to(dy, shape b)   (summing over broadcast dimensions)
use crate::{InputGrads, Op};
use downhill_tensor::Tensor;

pub(crate) struct Add;

impl Op for Add {
    fn name(&self) -> &'static str {
        "add"
    }
    fn forward(&mut self, xs: &[&Tensor]) -> Tensor {
        xs[0] + xs[1]
    }
    fn backward(&self, xs: &[&Tensor], _y: &Tensor, dy: &Tensor) -> InputGrads {
        [Some(dy.sum_to(xs[0].shape())), Some(dy.sum_to(xs[1].shape()))].into()
    }
}

#[cfg(test)]
mod tests {
    use crate::{gradcheck_many, Tape, Tensor};
    use downhill_tensor::Rng;
    use downhill_testing::assert_close;

    #[test]
    fn gradient_matches_central_differences_with_broadcasting() {
        let mut rng = Rng::seed(1);
        let a = Tensor::rand_normal([3, 4], 0.0, 1.0, &mut rng);
        for b_shape in [vec![3, 4], vec![4], vec![3, 1], vec![1, 4], vec![]] {
            let b = Tensor::rand_normal(b_shape, 0.0, 1.0, &mut rng);
            gradcheck_many(|v| v[0] + v[1], &[a.clone(), b]);
        }
    }

    #[test]
    fn a_value_used_twice_gets_both_gradients() {
        let tape = Tape::new();
        let x = tape.watch(Tensor::vector(vec![1.0, 2.0]));
        let g = tape.backward((x + x).sum());
        // Two gradient contributions of 1 summed: one f32 addition, 1e-6.
        assert_close("d/dx Σ (x + x)", g.wrt(x).unwrap().data(), &[2.0, 2.0], 1e-6);
    }
}
