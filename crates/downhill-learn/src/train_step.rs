//! One optimizer step on one batch, or on a group of batches whose gradients accumulate, for any
//! module and criterion:
//!   J_k = criterion(cx, model, batch_k) in training mode + penalty(weights);  g_k = ∂J_k/∂θ
//!   J = Σ_k w_k·J_k,  g = Σ_k w_k·g_k,  w_k = rows of batch k / rows of the group
//!   θ ← θ + tx(g)      (`Optimizer::step_summing`: for the presets one fused pass, which also
//!                      adds g into the epoch's mean gradient and sums its squares)
//! Each J_k is a mean over its rows, so J and g are those of the group taken as one batch (for
//! layers whose rows do not meet; batch norm sees each batch alone, as in torch).
//! Data-parallel (distributed.rs): g and J are averaged over the ranks before the step, and a rank
//! whose J is not finite contributes NaN gradients, so every rank refuses the step together.
//! The step is refused, leaving θ as it was, when J, any g or any new θ is not finite.
//! Parameter values are moved out of the model for the update and back (no copy). Parameters the
//! loss does not reach get zero gradients, so the optimizer state stays aligned with `params()`.
//! An embedding table's gradient stays its looked-up rows (`Gradient::Rows`) through the
//! accumulation, the norms and the step (`Optimizer::step_gradients`: a dense optimizer gets the
//! rows scattered into a table it reuses); only a data-parallel average makes it dense, as every
//! rank's rows differ (sparse_adam refuses data-parallel runs, trainer.rs).
//! On the steps the health monitor samples (health_monitor.rs), the first batch's forward pass
//! records what the activations saw, and the step's ‖Δw‖/‖w‖ per layer is recorded.
use crate::distributed::DataParallel;
use crate::health_monitor::HealthMonitor;
use crate::seeds::{self, Stream};
use crate::session::Session;
use crate::unit_health::UnitHealth;
use crate::{Batch, Criterion, Penalty};
use downhill_autograd::{Tape, Var};
use downhill_nn::{Ctx, Module};
use downhill_tensor::{Gradient, Tensor};

/// What became of a step.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum StepOutcome {
    /// Applied; the objective before the step.
    Done(f64),
    NonFinite,
}

pub(crate) struct StepInput<'a> {
    /// The batches of the step, each with its weight w_k (one batch: weight 1).
    pub batches: Vec<(Batch, f64)>,
    /// Resolved for the training rows (`Penalty::for_rows`).
    pub penalty: Penalty,
    pub seed: u64,
    /// The step's share of the epoch's rows.
    pub share: f64,
    /// The other ranks of a data-parallel run, whose gradients this step averages with its own.
    pub parallel: Option<DataParallel<'a>>,
}

/// Runs with subnormal floats flushed to zero (`downhill_tensor::flush_subnormals`): decaying
/// momentum buffers and underflowing probabilities otherwise slow every step down over the epochs.
pub(crate) fn train_step<M, C>(
    model: &mut M,
    criterion: &C,
    s: &mut Session,
    health: &mut HealthMonitor,
    input: &StepInput<'_>,
) -> StepOutcome
where
    M: Module + ?Sized,
    C: Criterion<M> + ?Sized,
{
    downhill_tensor::flush_subnormals(|| step(model, criterion, s, health, input))
}

fn step<M, C>(
    model: &mut M,
    criterion: &C,
    s: &mut Session,
    health: &mut HealthMonitor,
    input: &StepInput<'_>,
) -> StepOutcome
where
    M: Module + ?Sized,
    C: Criterion<M> + ?Sized,
{
    let (share, penalty, seed, parallel) = (input.share, &input.penalty, input.seed, input.parallel);
    let rank = parallel.map_or(0, |p| p.rank() as u64);
    let (mut value, mut gs) = (0.0, Vec::new());
    let sampled = health.samples(s.steps);
    for (k, &(ref batch, weight)) in input.batches.iter().enumerate() {
        // Dropout draws per batch: the step's own stream for the first, as without accumulation,
        // and each rank its own.
        let draw = s.steps | ((k as u64) << 48) | (rank << 40);
        let probe = (sampled && k == 0).then_some(&mut health.units);
        let Some((v, g)) = loss_and_gradients(model, criterion, draw, batch, penalty, seed, probe) else {
            let Some(parallel) = parallel else { return StepOutcome::NonFinite };
            // The other ranks wait in the average: give them NaNs, which fail the check below.
            let mut nan: Vec<Tensor> =
                model.params().iter().map(|p| Tensor::full(p.value.shape().clone(), f32::NAN)).collect();
            parallel.average(&mut nan, &mut { f64::NAN });
            return StepOutcome::NonFinite;
        };
        value += weight * v;
        accumulate(&mut gs, g, weight as f32);
    }
    if let Some(parallel) = parallel {
        let mut dense: Vec<Tensor> = gs.into_iter().map(Gradient::into_dense).collect();
        parallel.average(&mut dense, &mut value);
        gs = dense.into_iter().map(Gradient::Dense).collect();
    }
    let mut params = model.params_mut();
    let mut values: Vec<Tensor> = params.iter_mut().map(|p| std::mem::take(&mut p.value)).collect();
    // Copy-on-write: the step copies only the tensors it updates while `before` shares them.
    let before = sampled.then(|| values.clone());
    // One read of each gradient for the step, the epoch's mean gradient and the gradient norms;
    // refused when a gradient or a new value is not finite.
    let summed = s.optimizer.step_summing(&mut values, gs, health.grads.running_sum(), share as f32);
    health.grads.record_summed(&summed.squares);
    let applied = summed.applied;
    if let Some(before) = before.filter(|_| applied) {
        health.updates.record(&before, &values);
    }
    params.into_iter().zip(values).for_each(|(p, v)| p.value = v);
    if !applied {
        return StepOutcome::NonFinite;
    }
    s.steps += 1;
    StepOutcome::Done(value)
}

/// J and ∂J/∂θ (in `model.params()` order; a table's as its rows), or `None` when J is not finite; with `probe`, the
/// forward pass's activation statistics go to it. The tape and the batch
/// are dropped on return, so the parameter buffers the tape shared are the model's alone again and
/// the optimizer updates them in place (tensors are copy-on-write).
pub(crate) fn loss_and_gradients<M, C>(
    model: &mut M,
    criterion: &C,
    step: u64,
    batch: &Batch,
    penalty: &Penalty,
    seed: u64,
    probe: Option<&mut UnitHealth>,
) -> Option<(f64, Vec<Gradient>)>
where
    M: Module + ?Sized,
    C: Criterion<M> + ?Sized,
{
    let tape = Tape::new();
    let cx = Ctx::train(&tape, seeds::derive(seed, Stream::Dropout, step));
    let cx = if probe.is_some() { cx.probing() } else { cx };
    let mut loss = criterion.loss(&cx, model, batch);
    if let Some(units) = probe {
        units.record(cx.take_unit_stats());
    }
    // Weights go on the tape a second time only when a penalty reads them.
    if *penalty != Penalty::None {
        let weights: Vec<Var<'_>> = model
            .params()
            .into_iter()
            .filter(|p| Penalty::applies_to(p.role()))
            .map(|p| tape.param(p))
            .collect();
        if let Some(term) = penalty.term(&weights) {
            loss = loss + term;
        }
    }
    let value = loss.item() as f64;
    if !value.is_finite() {
        return None;
    }
    let mut grads = tape.backward(loss);
    let zeros = |p: &downhill_autograd::Param| Gradient::Dense(Tensor::zeros_like(&p.value));
    let gs = model.params().into_iter().map(|p| grads.take_gradient(p).unwrap_or_else(|| zeros(p)));
    Some((value, gs.collect()))
}

/// total += weight · g, the first time by taking g (scaled unless the weight is 1, so that one
/// batch per step does exactly the arithmetic it did before accumulation existed).
fn accumulate(total: &mut Vec<Gradient>, mut g: Vec<Gradient>, weight: f32) {
    if total.is_empty() {
        if weight != 1.0 {
            g.iter_mut().for_each(|t| t.values_mut().map_inplace(|v| v * weight));
        }
        *total = g;
    } else {
        total.iter_mut().zip(g).for_each(|(t, g)| t.add_scaled(g, weight));
    }
}
