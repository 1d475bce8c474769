//! Softmax cross-entropy of logits x: [n, c] against class ids t (torch `cross_entropy`, mean), one op:
//!   m_i = max_j x_ij,  s_i = Σ_j exp(x_ij − m_i),  L = −(1/n) Σ_i ((x_i,t_i − m_i) − ln s_i)
//!   dx_ij = dL · (exp(x_ij − m_i) / s_i − [j = t_i]) / n          (the ids get no gradient)
//! Equal to `−x.log_softmax(1).pick(t).mean()` value for value, but one pass over the logits each
//! way instead of seven ops with their temporaries; the softmax is recomputed in backward from x
//! (c exps per row) rather than stored. From `SPLIT_VALUES` logits on, the rows go in two halves
//! on two threads (a language model's 2,048 rows of 65 took 2 % of its LSTM step on one thread while
//! the other waited): each row's arithmetic is the same, and the forward's two halves' f64 sums are
//! added in order.
use crate::{InputGrads, Op, Var};
use downhill_tensor::{by_halves, vectorized, Float, Indices, Tensor};

pub(crate) struct SoftmaxCrossEntropy(pub Indices);

/// Logits (rows · classes) from which the rows are split over two threads: 32K values (an exp each
/// way) take about 0.15 ms, several times a fork-join.
const SPLIT_VALUES: usize = 1 << 15;

/// Rows of logits with their targets.
type Rows<'a> = (&'a [Float], &'a [usize]);
/// Rows of logits with their targets and their gradient's rows.
type GradRows<'a> = (&'a mut [Float], &'a [Float], &'a [usize]);

/// Cuts rows of `c` values after row `r`.
fn cut_rows(c: usize) -> impl for<'a> Fn(Rows<'a>, usize) -> (Rows<'a>, Rows<'a>) {
    move |(x, t), r| ((&x[..r * c], &t[..r]), (&x[r * c..], &t[r..]))
}

/// Cuts gradient rows of `c` values after row `r`.
fn cut_grad_rows(c: usize) -> impl for<'a> Fn(GradRows<'a>, usize) -> (GradRows<'a>, GradRows<'a>) {
    move |(dx, x, t), r| {
        let (d1, d2) = dx.split_at_mut(r * c);
        ((d1, &x[..r * c], &t[..r]), (d2, &x[r * c..], &t[r..]))
    }
}

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
        let c = x.cols().max(1);
        let sum = |(x, targets): Rows<'_>| {
            vectorized(|| {
                let rows = x.chunks_exact(c).zip(targets);
                rows.map(|(row, &t)| {
                    let (m, s) = shift_and_sum(row);
                    ((row[t] - m) - s.ln()) as f64
                })
                .sum::<f64>()
            })
        };
        let split = x.numel() >= SPLIT_VALUES;
        let (first, second) = by_halves(self.0.len(), split, (x.data(), &self.0[..]), cut_rows(c), sum);
        let total = second.map_or(first, |second| first + second);
        Tensor::scalar((-total / self.0.len() as f64) as Float)
    }
    fn backward(&self, xs: &[&Tensor], _y: &Tensor, dy: &Tensor) -> InputGrads {
        let x = xs[0];
        let c = x.cols().max(1);
        let scale = dy.item() / self.0.len() as Float;
        let grad = |(dx, x, targets): GradRows<'_>| {
            vectorized(|| {
                let rows = dx.chunks_exact_mut(c).zip(x.chunks_exact(c));
                for ((out, row), &t) in rows.zip(targets) {
                    let (m, s) = shift_and_sum(row);
                    out.iter_mut().zip(row).for_each(|(o, &v)| *o = scale * ((v - m).exp() / s));
                    out[t] -= scale;
                }
            })
        };
        // Every row is written: there is one target per row.
        let dx = Tensor::written(x.shape().clone(), |dx| {
            let split = x.numel() >= SPLIT_VALUES;
            by_halves(self.0.len(), split, (dx, x.data(), &self.0[..]), cut_grad_rows(c), grad);
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

    /// The fused op against `−x.log_softmax(1).pick(ids).mean()`: the loss within `value_tol`,
    /// every gradient value within `grad_tol`.
    fn assert_matches_composed_ops(x: Tensor, ids: Vec<usize>, value_tol: f32, grad_tol: f32) {
        let tape = Tape::new();
        let (a, b) = (tape.watch(x.clone()), tape.watch(x));
        let fused = a.softmax_cross_entropy(ids.clone());
        let composed = -b.log_softmax(1).pick(ids).mean();
        let (f, c) = (fused.item(), composed.item());
        assert!((f - c).abs() < value_tol, "{f} vs {c}");
        let g = tape.backward(fused + composed);
        for (p, q) in g.wrt(a).unwrap().data().iter().zip(g.wrt(b).unwrap().data()) {
            assert!((p - q).abs() < grad_tol, "{p} vs {q}");
        }
    }

    #[test]
    fn equals_the_composed_ops_in_value_and_gradient() {
        let x = Tensor::rand_normal([7, 3], 0.0, 3.0, &mut Rng::seed(47)).map(|v| v + 500.0);
        assert_matches_composed_ops(x, vec![0, 2, 1, 1, 0, 2, 2], 1e-6, 1e-7);
    }

    #[test]
    fn rows_split_over_two_threads_equal_the_composed_ops() {
        // 600 rows of 65 logits (39K values) go in two halves; the composed ops take them whole.
        // The loss: a mean of 600 f64 row losses rounded once against f32 ops, 1e-5 of a loss ~4;
        // each gradient value is (p − [j = t]) / 600 from either side, 1e-8 of values up to 1.7e-3.
        let x = Tensor::rand_normal([600, 65], 0.0, 3.0, &mut Rng::seed(48));
        assert_matches_composed_ops(x, (0..600).map(|i| (i * 7) % 65).collect(), 1e-5, 1e-8);
    }

    #[test]
    #[should_panic(expected = "class 3 out of bounds for shape [2, 3]")]
    fn out_of_range_class_panics_naming_the_shape() {
        let tape = Tape::new();
        tape.leaf(Tensor::zeros([2, 3])).softmax_cross_entropy(vec![0, 3]);
    }
}
