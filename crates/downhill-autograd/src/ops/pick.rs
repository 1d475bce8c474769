//! One value per row of a matrix: for x of shape [n, c], y[i, 0] = x[i, indices[i]], shape [n, 1]
//! (torch `x.gather(1, indices.unsqueeze(1))`; cross-entropy with integer class targets uses it).
//!   dx = zeros; dx[i, indices[i]] = dy[i, 0]   (the indices get no gradient)
use crate::{InputGrads, Op, Var};
use downhill_tensor::Tensor;

pub(crate) struct Pick(pub Vec<usize>);

impl Op for Pick {
    fn name(&self) -> &'static str {
        "pick"
    }
    fn forward(&mut self, xs: &[&Tensor]) -> Tensor {
        let x = xs[0];
        let mut y = Tensor::zeros([x.rows(), 1]);
        for (out, (i, &j)) in y.data_mut().iter_mut().zip(self.0.iter().enumerate()) {
            *out = x.row(i)[j];
        }
        y
    }
    fn backward(&self, xs: &[&Tensor], _y: &Tensor, dy: &Tensor) -> InputGrads {
        let c = xs[0].cols();
        let mut dx = Tensor::zeros_like(xs[0]);
        let out = dx.data_mut();
        for (i, (&j, &g)) in self.0.iter().zip(dy.data()).enumerate() {
            out[i * c + j] = g;
        }
        [Some(dx)].into()
    }
}

impl<'t> Var<'t> {
    /// For a `[n, c]` value, the `[n, 1]` column holding `self[i, indices[i]]`. Panics unless `self`
    /// is 2-D with one index per row, each below `c`.
    pub fn pick(self, indices: Vec<usize>) -> Var<'t> {
        let shape = self.shape();
        assert!(shape.rank() == 2, "pick: expected a 2-D value, got shape {shape}");
        let (n, c) = (shape.dims()[0], shape.dims()[1]);
        assert!(indices.len() == n, "pick: {} indices for shape {shape}", indices.len());
        if let Some(bad) = indices.iter().find(|&&j| j >= c) {
            panic!("pick: index {bad} out of bounds for shape {shape}");
        }
        self.unary(Pick(indices))
    }
}

#[cfg(test)]
mod tests {
    use crate::{gradcheck, Tape, Tensor};
    use downhill_tensor::Rng;

    #[test]
    fn gradient_matches_central_differences() {
        let x = Tensor::rand_normal([4, 3], 0.0, 1.0, &mut Rng::seed(45));
        gradcheck(|x| x.pick(vec![2, 0, 0, 1]), &x);
        gradcheck(|x| x.log_softmax(1).pick(vec![1, 1, 2, 0]), &x);
    }

    #[test]
    fn values_and_gradient_scatter() {
        let tape = Tape::new();
        let x = tape.watch(Tensor::from_rows(&[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]).unwrap());
        let y = x.pick(vec![2, 0]);
        // Exact: picking copies values, and the gradient scatters 10 · 1 to the picked positions.
        assert_eq!((y.shape().dims(), y.value().data()), (&[2usize, 1][..], &[3.0, 4.0][..]));
        let g = tape.backward(y * 10.0);
        assert_eq!(g.wrt(x).unwrap().data(), &[0.0, 0.0, 10.0, 10.0, 0.0, 0.0]);
    }

    #[test]
    #[should_panic(expected = "pick: index 3 out of bounds for shape [2, 3]")]
    fn out_of_range_class_panics_naming_the_shape() {
        let tape = Tape::new();
        tape.leaf(Tensor::zeros([2, 3])).pick(vec![0, 3]);
    }
}
