//! Batch normalisation per feature of [N, C] rows, or per channel of [N, C, H, W] images (Ioffe &
//! Szegedy 2015), as torch's `nn.BatchNorm1d` (and `nn.BatchNorm2d`, `batch_norm2d.rs`). Statistics
//! are taken over every axis but the channel axis 1, m = N (rows) or N·H·W (images) values each:
//!   train: μ_c, σ²_c = mean and biased variance;  y = γ_c (x − μ_c) / sqrt(σ²_c + eps) + β_c
//!          running_mean ← (1 − momentum)·running_mean + momentum·μ
//!          running_var  ← (1 − momentum)·running_var  + momentum·σ²·m/(m − 1)   (unbiased, as torch)
//!   eval:  the same with the running statistics.
//! `cumulative_stats(true)` (torch's `momentum = None`, after `reset_running_stats`): the n-th
//! training batch since uses momentum 1/n, so the running statistics are the equal-weight mean of
//! the batches' statistics (what `swa_utils.update_bn` recomputes for an averaged model).
//! One fused op (`downhill-autograd`'s `batch_norm`) that keeps μ and 1/sqrt(σ² + eps) for backward.
use crate::{Buffer, Ctx, Module, NnError};
use downhill_autograd::{BatchNormStats, Param, ParamRole, Var};
use downhill_tensor::{Float, Tensor};

/// Batch normalisation of [N, C] rows (or [N, C, ...]) per channel C, torch's `nn.BatchNorm1d`.
///
/// ```
/// use downhill_autograd::Tape;
/// use downhill_nn::{BatchNorm1d, Ctx, Module};
/// use downhill_tensor::Tensor;
/// let mut bn = BatchNorm1d::new(1);
/// let tape = Tape::new();
/// let x = tape.leaf(Tensor::from_rows(&[[1.0], [3.0]]).unwrap());
/// let y = bn.forward(&Ctx::train(&tape, 0), x);
/// // Batch mean 2, biased variance 1: y = (x − 2) / sqrt(1 + 1e-5).
/// assert!((y.value().data()[1] - 1.0).abs() < 1e-4);
/// // running_mean ← 0.9·0 + 0.1·2.
/// assert!((bn.running_mean.value.data()[0] - 0.2).abs() < 1e-6);
/// ```
#[derive(Debug, Clone)]
pub struct BatchNorm1d {
    /// γ `[C]`, torch's `weight` (starts at 1); `None` without `affine`.
    pub gamma: Option<Param>,
    /// β `[C]`, torch's `bias` (starts at 0); `None` without `affine`.
    pub beta: Option<Param>,
    /// The running mean `[C]` that evaluation uses (starts at 0).
    pub running_mean: Buffer,
    /// The running unbiased variance `[C]` that evaluation uses (starts at 1).
    pub running_var: Buffer,
    momentum: f64,
    eps: f64,
    /// Training batches seen since `cumulative_stats(true)`; `None`: the momentum applies.
    batches_tracked: Option<u64>,
}

impl BatchNorm1d {
    /// torch defaults: momentum 0.1, eps 1e-5, affine (γ = 1, β = 0).
    pub fn new(features: usize) -> BatchNorm1d {
        BatchNorm1d::with_options(features, 0.1, 1e-5, true).expect("torch defaults are valid")
    }

    /// `features` channels with torch's options: `momentum` in [0, 1] (the weight of each new
    /// batch in the running statistics), `eps` > 0 (added to the variance), `affine` (learn γ, β).
    /// Errors: `NnError::InvalidParam` naming `batch-norm momentum` or `batch-norm eps`.
    pub fn with_options(
        features: usize,
        momentum: f64,
        eps: f64,
        affine: bool,
    ) -> Result<BatchNorm1d, NnError> {
        if !(0.0..=1.0).contains(&momentum) {
            return Err(NnError::invalid("batch-norm momentum", "in [0, 1]", momentum));
        }
        if !(eps > 0.0 && eps.is_finite()) {
            return Err(NnError::invalid("batch-norm eps", "positive and finite", eps));
        }
        Ok(BatchNorm1d {
            gamma: affine.then(|| Param::with_role("weight", ParamRole::Scale, Tensor::ones([features]))),
            beta: affine.then(|| Param::with_role("bias", ParamRole::Shift, Tensor::zeros([features]))),
            running_mean: Buffer::new("running_mean", Tensor::zeros([features])),
            running_var: Buffer::new("running_var", Tensor::ones([features])),
            momentum,
            eps,
            batches_tracked: None,
        })
    }

    fn update_running_stats(&mut self, mean: &Tensor, var: &Tensor, n: usize) {
        let m = match self.batches_tracked.as_mut() {
            Some(seen) => {
                *seen += 1;
                (1.0 / *seen as f64) as Float
            }
            None => self.momentum as Float,
        };
        let unbias = if n > 1 { n as Float / (n - 1) as Float } else { 1.0 };
        let mean = mean.reshape(self.running_mean.value.shape().clone());
        let var = var.reshape(self.running_var.value.shape().clone());
        self.running_mean.value.update_with(&mean, |r, b| (1.0 - m) * r + m * b);
        self.running_var.value.update_with(&var, |r, b| (1.0 - m) * r + m * b * unbias);
    }
}

impl Module for BatchNorm1d {
    fn forward<'t>(&mut self, cx: &Ctx<'t>, x: Var<'t>) -> Var<'t> {
        let gamma = self.gamma.as_ref().map(|g| cx.param(g));
        let beta = self.beta.as_ref().map(|b| cx.param(b));
        let eps = self.eps as Float;
        if !cx.is_training() {
            let (mean, var) = (self.running_mean.value.clone(), self.running_var.value.clone());
            return x.batch_norm(gamma, beta, BatchNormStats::Running { mean, var }, eps).0;
        }
        let shape = x.shape();
        let (y, mean, var) = x.batch_norm(gamma, beta, BatchNormStats::Batch, eps);
        self.update_running_stats(&mean, &var, shape.numel() / shape.dim(1));
        y
    }
    fn params(&self) -> Vec<&Param> {
        self.gamma.iter().chain(self.beta.iter()).collect()
    }
    fn params_mut(&mut self) -> Vec<&mut Param> {
        self.gamma.iter_mut().chain(self.beta.iter_mut()).collect()
    }
    fn buffers(&self) -> Vec<&Buffer> {
        vec![&self.running_mean, &self.running_var]
    }
    fn buffers_mut(&mut self) -> Vec<&mut Buffer> {
        vec![&mut self.running_mean, &mut self.running_var]
    }
    fn cumulative_stats(&mut self, on: bool) -> bool {
        self.batches_tracked = on.then_some(0);
        if on {
            self.running_mean.value.map_inplace(|_| 0.0);
            self.running_var.value.map_inplace(|_| 1.0);
        }
        true
    }
    fn describe(&self) -> String {
        format!(
            "BatchNorm1d({}, momentum = {}, eps = {})",
            self.running_mean.value.numel(),
            self.momentum,
            self.eps
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_autograd::Tape;
    use downhill_tensor::Rng;

    #[test]
    fn training_output_has_zero_mean_unit_variance_per_feature() {
        let x = Tensor::rand_normal([64, 3], 5.0, 2.0, &mut Rng::seed(0));
        let tape = Tape::new();
        let mut bn = BatchNorm1d::new(3);
        let y = bn.forward(&Ctx::train(&tape, 0), tape.leaf(x)).value().clone();
        let mean = y.mean_axis(0);
        let var = y.map(|v| v * v).mean_axis(0);
        assert!(mean.data().iter().all(|m| m.abs() < 1e-5));
        assert!(var.data().iter().all(|v| (v - 1.0).abs() < 1e-3)); // 1 − eps/σ² ≈ 1
                                                                    // Running mean moved 10 % of the way from 0 towards the batch mean (about 5).
        assert!(bn.running_mean.value.data().iter().all(|m| (m - 0.5).abs() < 0.1));
    }

    #[test]
    fn cumulative_statistics_are_the_equal_weight_mean_of_the_batches() {
        // Batches [[0], [2]] then [[4], [8]]: means 1 and 6, unbiased variances 2 and 8. After the
        // reset the first batch has weight 1 and the second 1/2, so mean (1 + 6)/2 = 3.5 and
        // variance (2 + 8)/2 = 5, whatever the statistics were before; then the momentum is back.
        let mut bn = BatchNorm1d::new(1);
        let tape = Tape::new();
        let batch = |bn: &mut BatchNorm1d, rows: Vec<Float>| {
            bn.forward(&Ctx::train(&tape, 0), tape.leaf(Tensor::from_vec(rows, [2, 1]).unwrap()));
        };
        batch(&mut bn, vec![10.0, 20.0]);
        assert!(bn.cumulative_stats(true));
        batch(&mut bn, vec![0.0, 2.0]);
        batch(&mut bn, vec![4.0, 8.0]);
        // Small integers and halves: 1e-6.
        assert!((bn.running_mean.value.data()[0] - 3.5).abs() < 1e-6);
        assert!((bn.running_var.value.data()[0] - 5.0).abs() < 1e-6);
        bn.cumulative_stats(false);
        batch(&mut bn, vec![3.5, 3.5]);
        // momentum 0.1 towards variance 0: 0.9 · 5 = 4.5, mean unchanged.
        assert!((bn.running_var.value.data()[0] - 4.5).abs() < 1e-6);
        assert!((bn.running_mean.value.data()[0] - 3.5).abs() < 1e-6);
    }

    #[test]
    fn rejects_invalid_options() {
        assert!(BatchNorm1d::with_options(3, 1.5, 1e-5, true).unwrap_err().to_string().contains("momentum"));
        assert!(BatchNorm1d::with_options(3, 0.1, 0.0, true).is_err());
    }
}
