//! Layer normalisation over the trailing D = `normalized` values of each row (torch `layer_norm`
//! with normalized_shape the trailing dims), one fused op. Per row of D values:
//!   μ = Σ x / D,  σ² = Σ (x − μ)² / D (biased),  r = 1/√(σ² + eps),  x̂ = (x − μ)·r
//!   y = γ·x̂ + β                 (γ, β: D values each, elementwise; 1 and 0 when absent)
//!   g = dy·γ,   dx = r·(g − Σg/D − x̂·Σ(g·x̂)/D)
//!   dγ = Σ_rows dy·x̂,   dβ = Σ_rows dy
//! μ and r of every row are kept in the op for the backward, in a pooled tensor like the output
//! and the gradients, so a training step allocates no buffer here. From `SPLIT_VALUES` values on,
//! the rows go in two halves on two threads (the other thread sat idle through this op: 6.5 % of
//! the transformer step); the halves' dγ, dβ partial sums (f64) are added at the end.
use crate::{InputGrads, Op, Var};
use downhill_tensor::{by_halves, Float, Tensor};
use rows::{backward_row, normalize_row};
use std::borrow::Cow;

mod rows;

/// Values (rows · D) from which the rows are split over two threads: 256K values take about
/// 0.2 ms, ten times what a fork-join costs.
const SPLIT_VALUES: usize = 1 << 18;

/// The forward's rows: x, y and (μ, r).
type Forward<'a> = (&'a [Float], &'a mut [Float], &'a mut [Float]);
/// The backward's rows: x, dy, (μ, r) and dx.
type Backward<'a> = (&'a [Float], &'a [Float], &'a [Float], &'a mut [Float]);

/// Rows ..r and r.. of rows of `d` values.
fn cut_forward(w: Forward<'_>, r: usize, d: usize) -> (Forward<'_>, Forward<'_>) {
    let ((x1, x2), (y1, y2), (s1, s2)) =
        (w.0.split_at(r * d), w.1.split_at_mut(r * d), w.2.split_at_mut(2 * r));
    ((x1, y1, s1), (x2, y2, s2))
}

/// Rows ..r and r.. of rows of `d` values.
fn cut_backward(w: Backward<'_>, r: usize, d: usize) -> (Backward<'_>, Backward<'_>) {
    let ((x1, x2), (g1, g2)) = (w.0.split_at(r * d), w.1.split_at(r * d));
    let ((s1, s2), (d1, d2)) = (w.2.split_at(2 * r), w.3.split_at_mut(r * d));
    ((x1, g1, s1, d1), (x2, g2, s2, d2))
}

pub(crate) struct LayerNorm {
    d: usize,
    eps: f32,
    gamma: bool,
    /// (μ, r) of each row, [rows, 2].
    stats: Tensor,
}

impl LayerNorm {
    /// γ and β as given, or 1s and 0s (y = x̂·1 + 0 is x̂'s bits exactly), so the row kernels have
    /// one form.
    fn affine<'a>(&self, xs: &[&'a Tensor]) -> (Cow<'a, [Float]>, Cow<'a, [Float]>) {
        let given = |t: Option<&&'a Tensor>, fill: Float| {
            t.map_or_else(|| Cow::Owned(vec![fill; self.d]), |t| Cow::Borrowed(t.data()))
        };
        let gamma = xs.get(1).filter(|_| self.gamma);
        (given(gamma, 1.0), given(xs.get(1 + self.gamma as usize), 0.0))
    }
}

impl Op for LayerNorm {
    fn name(&self) -> &'static str {
        "layer_norm"
    }
    fn forward(&mut self, xs: &[&Tensor]) -> Tensor {
        let (x, d, eps) = (xs[0], self.d, self.eps as f64);
        let (gamma, beta) = self.affine(xs);
        let rows = |(x, y, stats): Forward<'_>| {
            for ((out, row), stat) in
                y.chunks_exact_mut(d).zip(x.chunks_exact(d)).zip(stats.chunks_exact_mut(2))
            {
                let (mean, r) = normalize_row(row, &gamma, &beta, eps, out);
                stat.copy_from_slice(&[mean, r]);
            }
        };
        // Both overwritten: every row's output and its (μ, r).
        let mut y = None;
        self.stats = Tensor::written([x.numel() / d, 2], |stats| {
            y = Some(Tensor::written(x.shape().clone(), |y| {
                let whole = (x.data(), y, stats);
                by_halves(x.numel() / d, x.numel() >= SPLIT_VALUES, whole, |w, r| cut_forward(w, r, d), rows);
            }));
        });
        y.expect("written runs its closure")
    }
    fn backward(&self, xs: &[&Tensor], _y: &Tensor, dy: &Tensor) -> InputGrads {
        let (x, d) = (xs[0], self.d);
        let (gamma, _) = self.affine(xs);
        // Each half's Σ dy·x̂ and Σ dy per column, in f64.
        let rows = |(x, dy, stats, dx): Backward<'_>| {
            let mut sums = vec![0.0f64; 2 * d];
            let (dgamma, dbeta) = sums.split_at_mut(d);
            let rows = x.chunks_exact(d).zip(dy.chunks_exact(d)).zip(dx.chunks_exact_mut(d));
            for (((xr, gr), dr), stat) in rows.zip(stats.chunks_exact(2)) {
                backward_row(xr, gr, &gamma, (stat[0], stat[1]), dgamma, dbeta, dr);
            }
            sums
        };
        let mut sums = Vec::new();
        let dx = Tensor::written(x.shape().clone(), |dx| {
            let whole = (x.data(), dy.data(), self.stats.data(), dx);
            let cut = |w, r| cut_backward(w, r, d);
            let (first, second) = by_halves(x.numel() / d, x.numel() >= SPLIT_VALUES, whole, cut, rows);
            sums = first;
            if let Some(second) = second {
                sums.iter_mut().zip(second).for_each(|(s, h)| *s += h);
            }
        });
        let (dgamma, dbeta) = sums.split_at(d);
        let like = |v: &[f64], t: &Tensor| {
            Some(Tensor::written(t.shape().clone(), |out| {
                out.iter_mut().zip(v).for_each(|(o, s)| *o = *s as Float)
            }))
        };
        let mut grads = InputGrads::from([Some(dx)]);
        if self.gamma {
            grads.push(like(dgamma, xs[1]));
        }
        if let Some(b) = xs.get(1 + self.gamma as usize) {
            grads.push(like(dbeta, b));
        }
        grads
    }
}

impl<'t> Var<'t> {
    /// Layer normalisation over the trailing `normalized` values of `self` (torch `layer_norm` with
    /// normalized_shape = the trailing dims whose product is `normalized`), with optional
    /// elementwise `gamma` and `beta` of `normalized` values each (any shape, e.g. `[D]` or
    /// `[C, H, W]`). Panics naming the shapes unless trailing dims of `self` multiply to `normalized`.
    pub fn layer_norm(
        self,
        gamma: Option<Var<'t>>,
        beta: Option<Var<'t>>,
        normalized: usize,
        eps: f32,
    ) -> Var<'t> {
        let shape = self.shape();
        let trailing = (0..shape.rank()).any(|k| shape.dims()[k..].iter().product::<usize>() == normalized);
        assert!(
            trailing && normalized > 0,
            "layer_norm: trailing dims of shape {shape} do not hold {normalized} values"
        );
        for (what, v) in [("gamma", gamma), ("beta", beta)] {
            let s = v.map(|v| v.shape());
            let ok = s.as_ref().is_none_or(|s| s.numel() == normalized);
            assert!(
                ok,
                "layer_norm: {what} shape {} for {normalized} normalized values of shape {shape}",
                s.unwrap_or_default()
            );
        }
        let op = LayerNorm { d: normalized, eps, gamma: gamma.is_some(), stats: Tensor::default() };
        let inputs: Vec<Var<'t>> = [Some(self), gamma, beta].into_iter().flatten().collect();
        self.tape().apply(op, &inputs)
    }
}

#[cfg(test)]
mod tests {
    use crate::{gradcheck_many, Tape, Tensor};
    use downhill_tensor::Rng;
    use downhill_testing::assert_close;

    #[test]
    fn normalises_each_row() {
        // Row [1, 2, 3]: μ = 2, σ² = 2/3; with eps = 1/3 the scale is 1/√1 = 1: y = [−1, 0, 1]. Row
        // [5, 5, 5]: σ² = 0, y = 0. γ = [1, 2, 3] and β = 1 then give [0, 1, 4] and [1, 1, 1].
        let tape = Tape::new();
        let x = tape.leaf(Tensor::from_rows(&[[1.0, 2.0, 3.0], [5.0, 5.0, 5.0]]).unwrap());
        let g = tape.leaf(Tensor::vector(vec![1.0, 2.0, 3.0]));
        let b = tape.leaf(Tensor::ones([3]));
        // A mean, a variance (f64) and one product and sum per value: 1e-6.
        assert_close(
            "plain",
            x.layer_norm(None, None, 3, 1.0 / 3.0).value().data(),
            &[-1., 0., 1., 0., 0., 0.],
            1e-6,
        );
        assert_close(
            "affine",
            x.layer_norm(Some(g), Some(b), 3, 1.0 / 3.0).value().data(),
            &[0., 1., 4., 1., 1., 1.],
            1e-6,
        );
    }

    #[test]
    fn rows_split_over_two_threads_match_rows_taken_alone() {
        use super::LayerNorm;
        use crate::Op;
        // 520 rows of 512 values, at least SPLIT_VALUES: halves of 260 rows, one per thread.
        let (rows, d, mut rng) = (520, 512, Rng::seed(56));
        let x = Tensor::rand_normal([rows, d], 0.0, 1.0, &mut rng);
        let (g, b) =
            (Tensor::rand_normal([d], 1.0, 0.5, &mut rng), Tensor::rand_normal([d], 0.0, 1.0, &mut rng));
        let dy = Tensor::rand_normal([rows, d], 0.0, 1.0, &mut rng);
        let run = |x: &Tensor, dy: &Tensor| {
            let mut op = LayerNorm { d, eps: 1e-5, gamma: true, stats: Tensor::default() };
            let y = op.forward(&[x, &g, &b]);
            let grads: Vec<Tensor> =
                op.backward(&[x, &g, &b], &y, dy).into_iter().map(|t| t.unwrap().into_dense()).collect();
            (y, grads)
        };
        let (y, grads) = run(&x, &dy);
        let mut dgamma = vec![0.0f64; d];
        for r in 0..rows {
            let (y_r, grads_r) = run(&x.slice_rows(r..r + 1), &dy.slice_rows(r..r + 1));
            // Each row's y and dx: the same arithmetic whichever thread ran it, bit for bit.
            assert_eq!(&y.data()[r * d..][..d], y_r.data(), "y row {r}");
            assert_eq!(&grads[0].data()[r * d..][..d], grads_r[0].data(), "dx row {r}");
            dgamma.iter_mut().zip(grads_r[1].data()).for_each(|(s, v)| *s += *v as f64);
        }
        // dγ = Σ_rows dy·x̂: the same 520 terms summed by halves in f64 against one f32-rounded
        // term per row summed here: 520 roundings of ~1e-7 relative each, 1e-4.
        let want: Vec<f32> = dgamma.iter().map(|&v| v as f32).collect();
        assert_close("dgamma", grads[1].data(), &want, 1e-4);
    }

    #[test]
    fn gradient_matches_central_differences() {
        let mut rng = Rng::seed(54);
        let x = Tensor::rand_normal([3, 2, 4], 0.0, 1.0, &mut rng);
        for (d, gshape) in [(4, vec![4]), (8, vec![2, 4])] {
            let g = Tensor::rand_normal(gshape.clone(), 1.0, 0.5, &mut rng);
            let b = Tensor::rand_normal(gshape, 0.0, 1.0, &mut rng);
            gradcheck_many(move |v| v[0].layer_norm(Some(v[1]), Some(v[2]), d, 1e-5), &[x.clone(), g, b]);
            gradcheck_many(move |v| v[0].layer_norm(None, None, d, 1e-5), std::slice::from_ref(&x));
        }
    }

    #[test]
    fn rows_longer_than_the_lanes_with_a_tail_match_central_differences() {
        // D = 19: two whole groups of 8 lane sums and a tail of 3, in the forward and backward.
        let mut rng = Rng::seed(55);
        let x = Tensor::rand_normal([3, 19], 0.0, 1.0, &mut rng);
        let g = Tensor::rand_normal([19], 1.0, 0.5, &mut rng);
        let b = Tensor::rand_normal([19], 0.0, 1.0, &mut rng);
        gradcheck_many(|v| v[0].layer_norm(Some(v[1]), Some(v[2]), 19, 1e-5), &[x.clone(), g, b]);
        gradcheck_many(|v| v[0].layer_norm(None, None, 19, 1e-5), std::slice::from_ref(&x));
    }

    #[test]
    #[should_panic(expected = "layer_norm: trailing dims of shape [3, 2, 4] do not hold 6 values")]
    fn a_count_that_is_not_trailing_dims_panics() {
        let tape = Tape::new();
        tape.leaf(Tensor::zeros([3, 2, 4])).layer_norm(None, None, 6, 1e-5);
    }
}
