//! Maximum along one axis, keeping it with size 1: y = max_axis x   (torch `max(dim, keepdim=True)`).
//!   dx[.., j*, ..] = dy for j* the first index in the lane with x = y, 0 elsewhere
//!   (ties send the whole gradient to the first maximum, as torch.max(dim) does; a NaN lane sends it
//!   to its first NaN)
use crate::{InputGrads, Op, Var};
use downhill_tensor::Tensor;

pub(crate) struct MaxAxis(pub usize);

impl Op for MaxAxis {
    fn name(&self) -> &'static str {
        "max_axis"
    }
    fn forward(&mut self, xs: &[&Tensor]) -> Tensor {
        xs[0].max_axis(self.0)
    }
    fn backward(&self, xs: &[&Tensor], y: &Tensor, dy: &Tensor) -> InputGrads {
        let x = xs[0];
        let (outer, n, inner) = x.shape().split_at_axis(self.0);
        let mut dx = Tensor::zeros_like(x);
        let out = dx.data_mut();
        for o in 0..outer {
            for i in 0..inner {
                let lane = o * inner + i; // index into y and dy
                let m = y.data()[lane];
                let is_max = |j: &usize| {
                    let v = x.data()[(o * n + j) * inner + i];
                    v == m || (m.is_nan() && v.is_nan())
                };
                if let Some(j) = (0..n).find(is_max) {
                    out[(o * n + j) * inner + i] = dy.data()[lane];
                }
            }
        }
        [Some(dx)].into()
    }
}

impl<'t> Var<'t> {
    /// Maximum along `axis`, which stays with size 1; the gradient goes to the first maximal element.
    pub fn max_axis(self, axis: usize) -> Var<'t> {
        self.unary(MaxAxis(axis))
    }
}

#[cfg(test)]
mod tests {
    use crate::{gradcheck, Tape, Tensor};
    use downhill_tensor::Rng;

    #[test]
    fn gradient_matches_central_differences() {
        // Distinct values 0.1 apart, shuffled: no two in a lane come within the step h = 0.01.
        let mut rng = Rng::seed(23);
        let mut values: Vec<f32> = (0..24).map(|i| 0.1 * i as f32 - 1.2).collect();
        rng.shuffle(&mut values);
        let x = Tensor::from_vec(values, [2, 3, 4]).unwrap();
        for axis in 0..3 {
            gradcheck(move |x| x.max_axis(axis), &x);
        }
    }

    #[test]
    fn ties_send_the_gradient_to_the_first_maximum() {
        let tape = Tape::new();
        let x = tape.watch(Tensor::from_rows(&[[1.0, 7.0, 7.0], [5.0, 2.0, 5.0]]).unwrap());
        let y = x.max_axis(1);
        // Exact: the maximum is one of the inputs, and its gradient routes 1 to one position.
        assert_eq!((y.shape().dims(), y.value().data()), (&[2usize, 1][..], &[7.0, 5.0][..]));
        let g = tape.backward(y.sum());
        assert_eq!(g.wrt(x).unwrap().data(), &[0.0, 1.0, 0.0, 1.0, 0.0, 0.0]);
        let g0 = tape.backward(x.max_axis(0).sum());
        assert_eq!(g0.wrt(x).unwrap().data(), &[0.0, 1.0, 1.0, 1.0, 0.0, 0.0]);
    }
}
