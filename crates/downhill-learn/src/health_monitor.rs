//! The health monitor: what training watches to diagnose the common problems of gradient descent.
//! On every step, each layer's gradient norm (grad_health.rs: exploding and vanishing gradients,
//! and the mean gradient that `grad_tol` reads): the optimizer's step adds each gradient into the
//! mean and sums its squares in the same pass that reads it for the update
//! (`Optimizer::step_summing`, then `GradHealth::record_summed`). On every k-th step (k = 20 by
//! default) and each epoch's first, the update-to-weight ratio of each layer (update_ratios.rs:
//! one copy of the parameters before the step) and what the activation layers saw (unit_health.rs: one pass over each activation's
//! input), so that their cost stays a small share of training's. The findings read from them are in
//! grad_health.rs, health_findings.rs and findings.rs.
use crate::grad_health::GradHealth;
use crate::unit_health::UnitHealth;
use crate::update_ratios::UpdateRatios;
use downhill_nn::Module;

/// The steps sampled by default: every 20th (with each epoch's first). At every 10th the MNIST MLP
/// trained by SGD in batches of 32 paid 3.4 % of its epoch time (bench/health_overhead.py).
pub const SAMPLE_EVERY: u64 = 20;

/// Which steps the health monitor samples for update ratios and activation statistics.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HealthSampling {
    /// Steps 0, k, 2k, ... of the run (k ≥ 1).
    Every(u64),
    /// None (the gradient norms, which cost nothing extra, are still watched).
    Off,
}

impl Default for HealthSampling {
    fn default() -> HealthSampling {
        HealthSampling::Every(SAMPLE_EVERY)
    }
}

#[derive(Debug)]
pub(crate) struct HealthMonitor {
    pub grads: GradHealth,
    pub updates: UpdateRatios,
    pub units: UnitHealth,
    sampling: HealthSampling,
    /// Whether a step of this epoch was sampled.
    sampled: bool,
}

impl HealthMonitor {
    pub fn new<M: Module + ?Sized>(model: &M, sampling: HealthSampling) -> HealthMonitor {
        let params = model.params();
        let names: Vec<&str> = params.iter().map(|p| p.name()).collect();
        let values: Vec<&downhill_tensor::Tensor> = params.iter().map(|p| &p.value).collect();
        let roles: Vec<_> = params.iter().map(|p| p.role()).collect();
        HealthMonitor {
            grads: GradHealth::new(&names, &values),
            updates: UpdateRatios::new(&names, &roles),
            units: UnitHealth::default(),
            sampling,
            sampled: false,
        }
    }

    /// Whether the step counted `step` (from 0) is sampled: every k-th, and each epoch's first
    /// (so that an epoch of fewer than k steps has a sample too).
    pub fn samples(&mut self, step: u64) -> bool {
        let due = matches!(self.sampling, HealthSampling::Every(k) if k > 0 && (step.is_multiple_of(k) || !self.sampled));
        self.sampled |= due;
        due
    }

    /// The epoch's update ratios and unit records; the next epoch starts unsampled.
    pub fn finish_sampled(&mut self) -> (Vec<(String, f64)>, Vec<crate::UnitRecord>) {
        self.sampled = false;
        (self.updates.finish_epoch(), self.units.finish_epoch())
    }
}
