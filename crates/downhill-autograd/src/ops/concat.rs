//! Concatenation along one axis: y = [x_0, x_1, …] joined along `axis` (torch `cat(xs, dim)`).
//!   dx_k = the slice of dy along `axis` at x_k's offset, x_k's size long
use crate::{InputGrads, Op, Var};
use downhill_tensor::Tensor;

pub(crate) struct Concat(pub usize);

impl Op for Concat {
    fn name(&self) -> &'static str {
        "concat"
    }
    fn forward(&mut self, xs: &[&Tensor]) -> Tensor {
        Tensor::concat(xs, self.0)
    }
    fn backward(&self, xs: &[&Tensor], _y: &Tensor, dy: &Tensor) -> InputGrads {
        let mut start = 0;
        let mut dxs = Vec::with_capacity(xs.len());
        for x in xs {
            let len = x.dims()[self.0];
            dxs.push(Some(dy.narrow(self.0, start..start + len)));
            start += len;
        }
        dxs.into()
    }
}

impl<'t> Var<'t> {
    /// Joins `parts` along `axis`; every other dimension must agree. Panics on an empty list.
    pub fn concat(parts: &[Var<'t>], axis: usize) -> Var<'t> {
        let first = parts.first().expect("Var::concat: no values given");
        let tape = first.tape();
        assert!(parts.iter().all(|p| std::ptr::eq(p.tape(), tape)), "Var::concat: vars from different tapes");
        tape.apply(Concat(axis), parts)
    }
}

#[cfg(test)]
mod tests {
    use crate::{gradcheck_many, Tape, Tensor, Var};
    use downhill_tensor::Rng;
    use downhill_testing::assert_close;

    #[test]
    fn gradient_matches_central_differences() {
        let mut rng = Rng::seed(42);
        let a = Tensor::rand_normal([2, 3], 0.0, 1.0, &mut rng);
        let b = Tensor::rand_normal([2, 1], 0.0, 1.0, &mut rng);
        let c = Tensor::rand_normal([2, 2], 0.0, 1.0, &mut rng);
        gradcheck_many(|v| Var::concat(v, 1), &[a.clone(), b, c]);
        let d = Tensor::rand_normal([4, 3], 0.0, 1.0, &mut rng);
        gradcheck_many(|v| Var::concat(v, 0), &[a, d]);
    }

    #[test]
    fn values_and_constant_parts() {
        let tape = Tape::new();
        let a = tape.watch(Tensor::from_rows(&[[1.0], [2.0]]).unwrap());
        let b = tape.leaf(Tensor::from_rows(&[[3.0, 4.0], [5.0, 6.0]]).unwrap());
        let y = Var::concat(&[a, b, a], 1);
        // Exact: concatenation only copies values.
        assert_eq!(y.value().data(), &[1.0, 3.0, 4.0, 1.0, 2.0, 5.0, 6.0, 2.0]);
        let g = tape.backward((y * y).sum());
        // a appears twice: d/da Σ y² = 2a + 2a. A product and a sum per value: 1e-6.
        assert_close("d/da Σ y²", g.wrt(a).unwrap().data(), &[4.0, 8.0], 1e-6);
        assert!(g.wrt(b).is_none());
    }
}
