//! One epoch of full-batch L-BFGS (solver.rs): one outer step of `Lbfgs` (torch's
//! `opt.step(closure)`), whose closure puts the candidate parameters into the model and returns
//! the objective over every training row with its gradient:
//!   f(θ) = criterion(model_θ, all training rows) + penalty(θ),   ∇f(θ) by backpropagation
//! The step's first evaluation is at the parameters on entry: its loss is the epoch's training
//! loss (a first-order epoch, too, records losses before its steps) and its gradient feeds the
//! gradient-health statistics. Parameters that are not finite after the step are put back and
//! training stops (`NonFiniteLoss`); a step that ends before its iteration and evaluation budgets
//! has met L-BFGS's own tolerances (`Converged`). Dropout, if any, draws one mask per epoch, so
//! that every evaluation of a step sees the same function.
use crate::epoch_end::{swap_params, EpochRun};
use crate::health_monitor::HealthMonitor;
use crate::session::Session;
use crate::train_step::loss_and_gradients;
use crate::{Batch, Criterion, Split, StopReason, TrainConfig};
use downhill_nn::Module;
use downhill_tensor::{Gradient, Tensor};
use std::time::Instant;

pub(crate) fn lbfgs_epoch<M, C>(
    model: &mut M,
    criterion: &C,
    s: &mut Session,
    config: &TrainConfig,
    split: &Split,
    health: &mut HealthMonitor,
) -> EpochRun
where
    M: Module + ?Sized,
    C: Criterion<M> + ?Sized,
{
    let (epoch, started) = (s.epoch + 1, Instant::now());
    let mut solver = s.lbfgs.take().expect("an L-BFGS session has its solver");
    let batch = Batch { x: split.x_train.clone(), y: split.y_train.clone() };
    let penalty = config.penalty.for_rows(split.train_rows());
    let before: Vec<Tensor> = model.params().iter().map(|p| p.value.clone()).collect();
    let (iterations, evaluations) = (solver.state.n_iter, solver.state.func_evals);
    let mut params = before.clone();
    let mut first: Option<Vec<Tensor>> = None;
    let draw = s.steps;
    let loss = downhill_tensor::flush_subnormals(|| {
        solver.step(&mut params, |x| {
            swap_params(model, x.to_vec());
            match loss_and_gradients(model, criterion, draw, &batch, &penalty, config.seed, None) {
                Some((value, grads)) => {
                    let grads: Vec<Tensor> = grads.into_iter().map(Gradient::into_dense).collect();
                    first.get_or_insert_with(|| grads.clone());
                    (value, grads)
                }
                None => (f64::INFINITY, x.iter().map(Tensor::zeros_like).collect()),
            }
        })
    });
    let finite = loss.is_finite() && params.iter().all(|p| p.data().iter().all(|v| v.is_finite()));
    let stop = if finite {
        swap_params(model, params);
        let done = (solver.state.n_iter - iterations, solver.state.func_evals - evaluations);
        let converged = done.0 < solver.options.max_iter as u64 && done.1 < solver.max_eval() as u64;
        converged.then_some(StopReason::Converged { epoch })
    } else {
        swap_params(model, before);
        Some(StopReason::NonFiniteLoss { epoch, batch: 1, lr: solver.options.lr })
    };
    if let Some(grads) = first.filter(|_| finite) {
        let squares: Vec<f64> = grads.iter().map(Tensor::sum_squares).collect();
        let grads: Vec<Gradient> = grads.into_iter().map(Gradient::Dense).collect();
        health.grads.record_squares(&grads, &squares, 1.0);
    }
    s.steps += 1;
    let lr = solver.options.lr;
    s.lbfgs = Some(solver);
    let train_loss = if finite { loss } else { f64::NAN };
    EpochRun { epoch, seconds: started.elapsed().as_secs_f64(), lr, train_loss, first_loss: f64::NAN, stop }
}
