//! Layer normalisation over the trailing D = `normalized` values of each row (torch `layer_norm`
//! with normalized_shape the trailing dims), one fused op. Per row of D values:
//!   μ = Σ x / D,  σ² = Σ (x − μ)² / D (biased),  r = 1/√(σ² + eps),  x̂ = (x − μ)·r
//!   y = γ·x̂ + β                 (γ, β: D values each, elementwise; 1 and 0 when absent)
//!   g = dy·γ,   dx = r·(g − Σg/D − x̂·Σ(g·x̂)/D)
//!   dγ = Σ_rows dy·x̂,   dβ = Σ_rows dy
//! μ and r of every row are kept in the op for the backward, in a pooled tensor like the output
//! and the gradients, so a training step allocates no buffer here.
use crate::{InputGrads, Op, Var};
use downhill_tensor::{Float, Tensor};
use std::borrow::Cow;

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
        let (x, d) = (xs[0], self.d);
        let (gamma, beta) = self.affine(xs);
        let mut stats = Tensor::zeros([x.numel() / d, 2]);
        let y = Tensor::written(x.shape().clone(), |y| {
            let rows =
                y.chunks_exact_mut(d).zip(x.data().chunks_exact(d)).zip(stats.data_mut().chunks_exact_mut(2));
            for ((out, row), stat) in rows {
                let (mean, r) = normalize_row(row, &gamma, &beta, self.eps as f64, out);
                stat.copy_from_slice(&[mean, r]);
            }
        });
        self.stats = stats;
        y
    }
    fn backward(&self, xs: &[&Tensor], _y: &Tensor, dy: &Tensor) -> InputGrads {
        let (x, d) = (xs[0], self.d);
        let (gamma, _) = self.affine(xs);
        let mut sums = vec![0.0f64; 2 * d]; // Σ dy·x̂ and Σ dy per column, in f64
        let (dgamma, dbeta) = sums.split_at_mut(d);
        let dx = Tensor::written(x.shape().clone(), |dx| {
            let rows = x.data().chunks_exact(d).zip(dy.data().chunks_exact(d)).zip(dx.chunks_exact_mut(d));
            for (((xr, gr), dr), stat) in rows.zip(self.stats.data().chunks_exact(2)) {
                backward_row(xr, gr, &gamma, (stat[0], stat[1]), dgamma, dbeta, dr);
            }
        });
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

/// Interleaved partial sums of a row's reductions: one f64 vector of them, summed at the end in a
/// fixed order on every CPU (a single running sum is a chain of dependent adds LLVM may not
/// reorder, which kept these loops scalar).
const LANES: usize = 8;

downhill_tensor::multiversion! {
    /// One row of the forward: μ and σ² in f64 (lane sums), then y = (x − μ)·r·γ + β in f32;
    /// returns (μ, r).
    fn normalize_row(x: &[Float], gamma: &[Float], beta: &[Float], eps: f64, out: &mut [Float]) -> (Float, Float) {
        let d = x.len() as f64;
        let mean = lane_sum(x, |v| v as f64) / d;
        let var = lane_sum(x, |v| (v as f64 - mean) * (v as f64 - mean)) / d;
        let (mean, r) = (mean as Float, (1.0 / (var + eps).sqrt()) as Float);
        for (((o, &v), &g), &b) in out.iter_mut().zip(x).zip(gamma).zip(beta) {
            *o = (v - mean) * r * g + b;
        }
        (mean, r)
    }
}

downhill_tensor::multiversion! {
    /// One row of the backward (the module header's formulas): the column sums dγ, dβ gain this
    /// row's dy·x̂ and dy, then dx = r·(g − Σg/D − x̂·Σ(g·x̂)/D).
    fn backward_row(
        x: &[Float],
        dy: &[Float],
        gamma: &[Float],
        mu_r: (Float, Float),
        dgamma: &mut [f64],
        dbeta: &mut [f64],
        dx: &mut [Float],
    ) -> () {
        let (d, (mu, r)) = (x.len(), mu_r);
        let xhat = |k: usize| (x[k] - mu) * r;
        let (mut sum_g, mut sum_g_xhat) = ([0.0f64; LANES], [0.0f64; LANES]);
        // Value k adds to lane k % LANES: whole groups of LANES (one vector each), then the tail.
        let mut add = |k: usize, lane: usize| {
            let (h, g) = (xhat(k), dy[k] * gamma[k]);
            sum_g[lane] += g as f64;
            sum_g_xhat[lane] += (g * h) as f64;
            dgamma[k] += (dy[k] * h) as f64;
            dbeta[k] += dy[k] as f64;
        };
        let whole = d - d % LANES;
        for start in (0..whole).step_by(LANES) {
            for lane in 0..LANES {
                add(start + lane, lane);
            }
        }
        for k in whole..d {
            add(k, k - whole);
        }
        let mean = |s: [f64; LANES]| (s.iter().sum::<f64>() / d as f64) as Float;
        let (mean_g, mean_g_xhat) = (mean(sum_g), mean(sum_g_xhat));
        for k in 0..d {
            dx[k] = r * (dy[k] * gamma[k] - mean_g - xhat(k) * mean_g_xhat);
        }
    }
}

/// Σ f(v) over `x` in f64, in `LANES` interleaved partial sums.
#[inline(always)]
fn lane_sum(x: &[Float], f: impl Fn(Float) -> f64) -> f64 {
    let mut acc = [0.0f64; LANES];
    let chunks = x.chunks_exact(LANES);
    let tail = chunks.remainder();
    for c in chunks {
        for k in 0..LANES {
            acc[k] += f(c[k]);
        }
    }
    for (a, &v) in acc.iter_mut().zip(tail) {
        *a += f(v);
    }
    acc.iter().sum()
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
