//! Matrix product Y = A·B with A: [m, k], B: [k, n], or batched (torch `matmul` on rank ≥ 3 operands
//! with equal batch dimensions): Y[b] = A[b]·B[b] with A: [..., m, k], B: [..., k, n].
//!   dA = dY·Bᵀ   and   dB = Aᵀ·dY   (per batch entry; transposed operands read through strides, never copied)
use crate::{InputGrads, Op, Var};
use downhill_tensor::Tensor;

pub(crate) struct MatMul;

impl Op for MatMul {
    fn name(&self) -> &'static str {
        "matmul"
    }
    fn forward(&mut self, xs: &[&Tensor]) -> Tensor {
        if xs[0].rank() == 2 && xs[1].rank() == 2 {
            xs[0].matmul(xs[1])
        } else {
            xs[0].batched_matmul(xs[1])
        }
    }
    fn backward(&self, xs: &[&Tensor], y: &Tensor, dy: &Tensor) -> InputGrads {
        self.backward_masked(xs, y, dy, &[true, true])
    }
    fn backward_masked(&self, xs: &[&Tensor], _y: &Tensor, dy: &Tensor, needs: &[bool]) -> InputGrads {
        if dy.rank() > 2 {
            let da = needs[0].then(|| dy.batched_matmul_nt(xs[1]));
            return [da, needs[1].then(|| xs[0].batched_matmul_tn(dy))].into();
        }
        let da = needs[0].then(|| dy.matmul_nt(xs[1]));
        let db = needs[1].then(|| xs[0].matmul_tn(dy));
        [da, db].into()
    }
}

impl<'t> Var<'t> {
    /// Matrix product of two 2-D values, or of two rank ≥ 3 values batched over their equal leading
    /// dimensions (`[..., m, k] · [..., k, n] = [..., m, n]`; no broadcasting of batch dimensions).
    /// Panics naming both shapes when the ranks, batch or inner dimensions do not fit.
    pub fn matmul(self, rhs: Var<'t>) -> Var<'t> {
        self.binary(MatMul, rhs)
    }
}

#[cfg(test)]
mod tests {
    use crate::{gradcheck_many, Tape, Tensor};
    use downhill_tensor::Rng;
    use downhill_testing::assert_close;

    #[test]
    fn gradient_matches_central_differences() {
        let mut rng = Rng::seed(5);
        for (m, k, n) in [(1, 1, 1), (3, 4, 2), (5, 1, 3), (2, 7, 1)] {
            let a = Tensor::rand_normal([m, k], 0.0, 1.0, &mut rng);
            let b = Tensor::rand_normal([k, n], 0.0, 1.0, &mut rng);
            gradcheck_many(|v| v[0].matmul(v[1]), &[a, b]);
        }
    }

    #[test]
    fn batched_gradient_matches_central_differences() {
        let mut rng = Rng::seed(6);
        for (batch, m, k, n) in [(vec![2], 3, 4, 2), (vec![2, 3], 1, 3, 2), (vec![1, 1], 2, 1, 3)] {
            let dims = |r, c| [batch.clone(), vec![r, c]].concat();
            let a = Tensor::rand_normal(dims(m, k), 0.0, 1.0, &mut rng);
            let b = Tensor::rand_normal(dims(k, n), 0.0, 1.0, &mut rng);
            gradcheck_many(|v| v[0].matmul(v[1]), &[a, b]);
        }
    }

    #[test]
    #[should_panic(expected = "batch dimensions differ: shape [2, 3] and shape [2, 3, 4]")]
    fn mixing_ranks_panics_naming_both_shapes() {
        let tape = Tape::new();
        tape.leaf(Tensor::zeros([2, 3])).matmul(tape.leaf(Tensor::zeros([2, 3, 4])));
    }

    #[test]
    fn constant_left_operand_gets_no_gradient() {
        let tape = Tape::new();
        let x = tape.leaf(Tensor::ones([2, 3]));
        let w = tape.watch(Tensor::ones([3, 1]));
        let g = tape.backward(x.matmul(w).sum());
        assert!(g.wrt(x).is_none());
        // xᵀ·1: sums of two ones, 1e-6.
        assert_close("d/dw Σ x·w", g.wrt(w).unwrap().data(), &[2.0, 2.0, 2.0], 1e-6);
    }
}
