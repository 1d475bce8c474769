//! Softmax cross-entropy of logits x: [n, c] against class ids t (torch `cross_entropy`, mean), one op:
//!   m_i = max_j x_ij,  s_i = Σ_j exp(x_ij − m_i),  L = −(1/n) Σ_i ((x_i,t_i − m_i) − ln s_i)
//!   dx_ij = dL · (exp(x_ij − m_i) / s_i − [j = t_i]) / n          (the ids get no gradient)
//! Equal to `−x.log_softmax(1).pick(t).mean()` value for value, but one pass over the logits each
//! way instead of seven ops with their temporaries; the softmax is recomputed in backward from x
//! (c exps per row) rather than stored.
use crate::{InputGrads, Op, Var};
use downhill_tensor::{vectorized, Float, Indices, Tensor};

pub(crate) struct SoftmaxCrossEntropy(pub Indices);

/// (m, Σ exp(x − m) accumulated in f64 and rounded once, as `sum_axis` does).
#[inline(always)]
fn shift_and_sum(row: &[Float]) -> (Float, Float) {
    let m = row.iter().fold(Float::NEG_INFINITY, |m, &v| if v > m || v.is_nan() { v } else { m });
    (m, row.iter().map(|&v| (v - m).exp() as f64).sum::<f64>() as Float)
}

impl Op for SoftmaxCrossEntropy {
    fn name(&self) -> &'static str {
        "softmax_cross_entropy"
    }
    fn forward(&mut self, xs: &[&Tensor]) -> Tensor {
        let x = xs[0];
        let c = x.cols();
        let total = vectorized(|| {
            let rows = x.data().chunks_exact(c.max(1)).zip(&*self.0);
            rows.map(|(row, &t)| {
                let (m, s) = shift_and_sum(row);
                ((row[t] - m) - s.ln()) as f64
            })
            .sum::<f64>()
        });
        Tensor::scalar((-total / self.0.len() as f64) as Float)
    }
    fn backward(&self, xs: &[&Tensor], _y: &Tensor, dy: &Tensor) -> InputGrads {
        let x = xs[0];
        let c = x.cols();
        let scale = dy.item() / self.0.len() as Float;
        // Every row is written: there is one target per row.
        let dx = Tensor::written(x.shape().clone(), |dx| {
            vectorized(|| {
                let rows = dx.chunks_exact_mut(c.max(1)).zip(x.data().chunks_exact(c.max(1)));
                for ((out, row), &t) in rows.zip(&*self.0) {
                    let (m, s) = shift_and_sum(row);
                    out.iter_mut().zip(row).for_each(|(o, &v)| *o = scale * ((v - m).exp() / s));
                    out[t] -= scale;
                }
            })
        });
        [Some(dx)].into()
    }
}

impl<'t> Var<'t> {
    /// Mean softmax cross-entropy of `[n, c]` logits against one class id per row, as a rank-0
    /// value. Panics unless there is one id per row, each below `c`.
    /// Mean softmax cross-entropy of logits `self: [n, c]` against class ids `targets` (n of them; a
    /// `Vec<usize>` or recycled `Indices`).
    pub fn softmax_cross_entropy(self, targets: impl Into<Indices>) -> Var<'t> {
        let targets = targets.into();
        let shape = self.shape();
        assert!(shape.rank() == 2, "softmax_cross_entropy: expected [n, c] logits, got shape {shape}");
        let (n, c) = (shape.dims()[0], shape.dims()[1]);
        assert!(targets.len() == n, "softmax_cross_entropy: {} targets for shape {shape}", targets.len());
        if let Some(bad) = targets.iter().find(|&&t| t >= c) {
            panic!("softmax_cross_entropy: class {bad} out of bounds for shape {shape}");
        }
        self.unary(SoftmaxCrossEntropy(targets))
    }
}

#[cfg(test)]
mod tests {
    use crate::{gradcheck, Tape, Tensor};
    use downhill_tensor::Rng;

    #[test]
    fn gradient_matches_central_differences() {
        let x = Tensor::rand_normal([5, 4], 0.0, 2.0, &mut Rng::seed(46));
        gradcheck(|x| x.softmax_cross_entropy(vec![3, 0, 1, 1, 2]), &x);
        gradcheck(|x| x.softmax_cross_entropy(vec![0]), &x.slice_rows(0..1));
    }

    #[test]
    fn equals_the_composed_ops_in_value_and_gradient() {
        let x = Tensor::rand_normal([7, 3], 0.0, 3.0, &mut Rng::seed(47)).map(|v| v + 500.0);
        let ids = vec![0, 2, 1, 1, 0, 2, 2];
        let tape = Tape::new();
        let (a, b) = (tape.watch(x.clone()), tape.watch(x));
        let fused = a.softmax_cross_entropy(ids.clone());
        let composed = -b.log_softmax(1).pick(ids).mean();
        assert!((fused.item() - composed.item()).abs() < 1e-6, "{} vs {}", fused.item(), composed.item());
        let g = tape.backward(fused + composed);
        for (p, q) in g.wrt(a).unwrap().data().iter().zip(g.wrt(b).unwrap().data()) {
            assert!((p - q).abs() < 1e-7, "{p} vs {q}");
        }
    }

    #[test]
    #[should_panic(expected = "class 3 out of bounds for shape [2, 3]")]
    fn out_of_range_class_panics_naming_the_shape() {
        let tape = Tape::new();
        tape.leaf(Tensor::zeros([2, 3])).softmax_cross_entropy(vec![0, 3]);
    }
}
