//! Batch normalisation over every axis but the channel axis 1 (torch `batch_norm`; x: [N, C, *]),
//! one fused op. Per channel c, over its m = N·∏* values:
//!   Batch:    μ = Σ x / m,  σ² = Σ (x − μ)² / m (biased),  r = 1/√(σ² + eps)
//!   Running:  μ, σ² given,  r = 1/√(σ² + eps)
//!   x̂ = (x − μ)·r,   y = γ·x̂ + β          (γ = 1, β = 0 when absent)
//!   dβ = Σ dy,   dγ = Σ dy·x̂
//!   dx = γ·r·(dy − dβ/m − x̂·dγ/m)         (Batch: μ and σ² depend on x; torch's formula)
//!   dx = γ·r·dy                             (Running: μ and σ² are constants)
//! μ and r are kept in the op for the backward. The running-statistics update is the layer's job:
//! `Var::batch_norm` hands back μ and the biased σ² (torch's running_var uses σ²·m/(m − 1)).
use crate::{InputGrads, Op, Var};
use downhill_tensor::{Float, Tensor};

/// Which statistics normalise: the batch's own (training) or running estimates (evaluation).
#[derive(Clone, Debug)]
pub enum BatchNormStats {
    /// Mean and biased variance of this batch per channel; gradients flow through them.
    Batch,
    /// Given per-channel mean and variance (shape `[C]`); constants for the backward.
    Running {
        /// Per-channel mean.
        mean: Tensor,
        /// Per-channel variance.
        var: Tensor,
    },
}

pub(crate) struct BatchNorm {
    batch: bool,
    gamma: bool,
    mean: Vec<Float>,
    rstd: Vec<Float>,
}

/// x: [N, C, *] as (N, C, S) with S = ∏*.
fn ncs(x: &Tensor) -> (usize, usize, usize) {
    let (n, c) = (x.dims()[0], x.dims()[1]);
    (n, c, x.numel() / (n * c).max(1))
}

/// Per-channel mean and biased variance, in f64 (two passes, so var is not a difference of squares).
fn moments(x: &Tensor) -> (Vec<f64>, Vec<f64>) {
    let (n, c, s) = ncs(x);
    let m = (n * s) as f64;
    let mut mean = vec![0.0f64; c];
    x.data()
        .chunks_exact(s.max(1))
        .enumerate()
        .for_each(|(k, lane)| mean[k % c] += lane.iter().map(|&v| v as f64).sum::<f64>());
    mean.iter_mut().for_each(|v| *v /= m);
    let mut var = vec![0.0f64; c];
    for (k, lane) in x.data().chunks_exact(s.max(1)).enumerate() {
        var[k % c] += lane.iter().map(|&v| (v as f64 - mean[k % c]).powi(2)).sum::<f64>();
    }
    var.iter_mut().for_each(|v| *v /= m);
    (mean, var)
}

impl Op for BatchNorm {
    fn name(&self) -> &'static str {
        "batch_norm"
    }
    fn forward(&mut self, xs: &[&Tensor]) -> Tensor {
        let (_, c, s) = ncs(xs[0]);
        let gamma = |k: usize| if self.gamma { xs[1].data()[k] } else { 1.0 };
        let beta = |k: usize| xs.get(1 + self.gamma as usize).map_or(0.0, |b| b.data()[k]);
        // y = x·a + b per channel, a = γ·r and b = β − μ·a.
        let a: Vec<Float> = (0..c).map(|k| gamma(k) * self.rstd[k]).collect();
        let b: Vec<Float> = (0..c).map(|k| beta(k) - self.mean[k] * a[k]).collect();
        let mut y = xs[0].clone();
        for (k, lane) in y.data_mut().chunks_exact_mut(s.max(1)).enumerate() {
            lane.iter_mut().for_each(|v| *v = *v * a[k % c] + b[k % c]);
        }
        y
    }
    fn backward(&self, xs: &[&Tensor], _y: &Tensor, dy: &Tensor) -> InputGrads {
        let (x, (n, c, s)) = (xs[0], ncs(xs[0]));
        let lanes = || x.data().chunks_exact(s.max(1)).zip(dy.data().chunks_exact(s.max(1))).enumerate();
        let (mut sum_dy, mut sum_dy_xhat) = (vec![0.0f64; c], vec![0.0f64; c]);
        for (k, (xl, gl)) in lanes() {
            let (mu, r) = (self.mean[k % c], self.rstd[k % c]);
            sum_dy[k % c] += gl.iter().map(|&g| g as f64).sum::<f64>();
            sum_dy_xhat[k % c] +=
                xl.iter().zip(gl).map(|(&v, &g)| g as f64 * ((v - mu) * r) as f64).sum::<f64>();
        }
        let gamma = |k: usize| if self.gamma { xs[1].data()[k] } else { 1.0 };
        let m = (n * s) as f64;
        let (k2, k3): (Vec<Float>, Vec<Float>) = match self.batch {
            true => (0..c).map(|k| ((sum_dy[k] / m) as Float, (sum_dy_xhat[k] / m) as Float)).unzip(),
            false => (vec![0.0; c], vec![0.0; c]),
        };
        let mut dx = vec![0.0; x.numel()];
        for ((k, (xl, gl)), dl) in lanes().zip(dx.chunks_exact_mut(s.max(1))) {
            let (mu, r, q) = (self.mean[k % c], self.rstd[k % c], k % c);
            for ((d, &v), &g) in dl.iter_mut().zip(xl).zip(gl) {
                *d = gamma(q) * r * (g - k2[q] - (v - mu) * r * k3[q]);
            }
        }
        let per_channel = |v: &[f64]| Some(Tensor::vector(v.iter().map(|&t| t as Float).collect()));
        let mut grads = InputGrads::from([Tensor::from_vec(dx, x.shape().clone()).ok()]);
        if self.gamma {
            grads.push(per_channel(&sum_dy_xhat));
        }
        if xs.len() > 1 + self.gamma as usize {
            grads.push(per_channel(&sum_dy));
        }
        grads
    }
}

impl<'t> Var<'t> {
    /// Batch normalisation of `self: [N, C, *]` over all axes but 1 (`[N, C]` and `[N, C, H, W]`
    /// alike), with optional per-channel `gamma`, `beta: [C]`. Returns the output and the per-channel
    /// mean and variance used: with `BatchNormStats::Batch` the batch's mean and *biased* variance
    /// (for the layer's running statistics), with `Running` the given ones. Panics naming the shapes
    /// when they do not fit, or when a batch has a single value per channel (as torch does).
    pub fn batch_norm(
        self,
        gamma: Option<Var<'t>>,
        beta: Option<Var<'t>>,
        stats: BatchNormStats,
        eps: f32,
    ) -> (Var<'t>, Tensor, Tensor) {
        let shape = self.shape();
        assert!(shape.rank() >= 2, "batch_norm: expected input [N, C, *], got shape {shape}");
        let (n, c, s) = ncs(&self.value());
        for (what, v) in [("gamma", gamma.map(|g| g.shape())), ("beta", beta.map(|b| b.shape()))] {
            let ok = v.as_ref().is_none_or(|v| v.dims() == [c]);
            assert!(ok, "batch_norm: {what} shape {} for input shape {shape}", v.unwrap_or_default());
        }
        let (mean, var) = match &stats {
            BatchNormStats::Batch => {
                assert!(n * s > 1, "batch_norm: one value per channel in a batch of shape {shape}");
                let (mean, var) = moments(&self.value());
                (mean.iter().map(|&v| v as Float).collect(), var.iter().map(|&v| v as Float).collect())
            }
            BatchNormStats::Running { mean, var } => {
                let ok = mean.dims() == [c] && var.dims() == [c];
                assert!(
                    ok,
                    "batch_norm: running mean shape {} and var shape {} for input shape {shape}",
                    mean.shape(),
                    var.shape()
                );
                (mean.data().to_vec(), var.data().to_vec())
            }
        };
        let rstd = var.iter().map(|&v| (1.0 / (v as f64 + eps as f64).sqrt()) as Float).collect();
        let op = BatchNorm {
            batch: matches!(stats, BatchNormStats::Batch),
            gamma: gamma.is_some(),
            mean: mean.clone(),
            rstd,
        };
        let inputs: Vec<Var<'t>> = [Some(self), gamma, beta].into_iter().flatten().collect();
        let y = self.tape().apply(op, &inputs);
        (y, Tensor::vector(mean), Tensor::vector(var))
    }
}

#[cfg(test)]
mod tests {
    use super::BatchNormStats::{Batch, Running};
    use crate::{gradcheck_many, Tape, Tensor};
    use downhill_tensor::Rng;
    use downhill_testing::assert_close;

    #[test]
    fn normalises_each_channel_by_its_batch_statistics() {
        // Channel 0 holds {1, 3}: μ = 2, σ² = 1; channel 1 holds {2, 2}: μ = 2, σ² = 0. With eps = 0.25
        // the outputs are ∓1/√1.25 and 0; γ = [2, 1] and β = [0, 5] scale and shift them.
        let tape = Tape::new();
        let x = tape.leaf(Tensor::from_rows(&[[1.0, 2.0], [3.0, 2.0]]).unwrap());
        let (g, b) = (tape.leaf(Tensor::vector(vec![2.0, 1.0])), tape.leaf(Tensor::vector(vec![0.0, 5.0])));
        let (y, mean, var) = x.batch_norm(Some(g), Some(b), Batch, 0.25);
        let s = 2.0 / 1.25f32.sqrt();
        // A mean, a variance and one scale and shift per value, in f64 then rounded: 1e-6.
        assert_close("y", y.value().data(), &[-s, 5.0, s, 5.0], 1e-6);
        assert_close("mean", mean.data(), &[2.0, 2.0], 1e-6);
        assert_close("biased var", var.data(), &[1.0, 0.0], 1e-6);
    }

    #[test]
    fn running_statistics_are_used_as_given() {
        // y = (x − 4)/√(1 + 3) = (x − 4)/2 over a [1, 1, 1, 2] image.
        let tape = Tape::new();
        let x = tape.leaf(Tensor::vector(vec![6.0, 0.0]).reshape([1, 1, 1, 2]));
        let stats = Running { mean: Tensor::vector(vec![4.0]), var: Tensor::vector(vec![1.0]) };
        let (y, mean, var) = x.batch_norm(None, None, stats, 3.0);
        assert_close("y", y.value().data(), &[1.0, -2.0], 1e-6);
        assert_eq!((mean.data(), var.data()), (&[4.0][..], &[1.0][..]));
    }

    #[test]
    fn gradient_matches_central_differences() {
        let mut rng = Rng::seed(53);
        for shape in [vec![4, 3], vec![2, 3, 2, 3]] {
            let x = Tensor::rand_normal(shape, 0.0, 1.0, &mut rng);
            let (g, b) =
                (Tensor::rand_normal([3], 1.0, 0.5, &mut rng), Tensor::rand_normal([3], 0.0, 1.0, &mut rng));
            gradcheck_many(
                |v| v[0].batch_norm(Some(v[1]), Some(v[2]), Batch, 1e-5).0,
                &[x.clone(), g.clone(), b.clone()],
            );
            gradcheck_many(|v| v[0].batch_norm(None, None, Batch, 1e-5).0, std::slice::from_ref(&x));
            let (mean, var) = (Tensor::vector(vec![0.5, -1.0, 0.0]), Tensor::vector(vec![2.0, 0.5, 1.0]));
            let (mean, var) = (&mean, &var);
            let running = move || Running { mean: mean.clone(), var: var.clone() };
            gradcheck_many(move |v| v[0].batch_norm(Some(v[1]), Some(v[2]), running(), 1e-5).0, &[x, g, b]);
        }
    }

    #[test]
    #[should_panic(expected = "batch_norm: gamma shape [2] for input shape [4, 3]")]
    fn a_wrong_gamma_panics_naming_both_shapes() {
        let tape = Tape::new();
        tape.leaf(Tensor::zeros([4, 3])).batch_norm(Some(tape.leaf(Tensor::ones([2]))), None, Batch, 1e-5);
    }
}
