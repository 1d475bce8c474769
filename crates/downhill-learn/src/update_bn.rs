//! torch's `swa_utils.update_bn(loader, model)` for a stochastic weight average: the batch-norm
//! running statistics of the averaged weights are not an average of anyone's, so they are taken
//! again, as the equal-weight mean over one pass of the training rows:
//!   every batch norm: reset_running_stats(); momentum = None      (`Module::cumulative_stats`)
//!   for each batch: forward in training mode, no gradients        (dropout on, as `model.train()`)
//!   every batch norm: momentum restored
//! The loader is the training rows in their order, in the training batch size (torch: a
//! `DataLoader` without shuffling). A model without batch norm is left as it is, and no pass is
//! made, as torch returns early. The forward pass is the criterion's (its loss is dropped).
use crate::{Batch, Criterion, Split, TrainConfig};
use downhill_autograd::Tape;
use downhill_nn::{Ctx, Module};
use downhill_tensor::Tensor;

/// Recomputes `model`'s batch-norm statistics on `split`'s training rows; false when it has none.
pub(crate) fn update_bn<M, C>(model: &mut M, criterion: &C, split: &Split, config: &TrainConfig) -> bool
where
    M: Module + ?Sized,
    C: Criterion<M> + ?Sized,
{
    if !model.cumulative_stats(true) {
        return false;
    }
    let n = split.train_rows();
    for (b, rows) in config.batch_size.plan(n, config.seed, 0, false).iter().enumerate() {
        let batch = match rows.len() == n {
            true => Batch { x: split.x_train.clone(), y: split.y_train.clone() },
            false => Batch { x: split.x_train.gather_rows(rows), y: split.y_train.gather_rows(rows) },
        };
        let tape = Tape::inference();
        criterion.loss(&Ctx::train(&tape, config.seed.wrapping_add(b as u64)), model, &batch);
    }
    model.cumulative_stats(false);
    true
}

/// `f(model)` with the batch-norm statistics recomputed for the weights `model` holds now
/// (`update_bn`), then the statistics it had put back.
pub(crate) fn with_updated_bn<M, C, R>(
    model: &mut M,
    criterion: &C,
    split: &Split,
    config: &TrainConfig,
    f: impl FnOnce(&mut M) -> R,
) -> R
where
    M: Module + ?Sized,
    C: Criterion<M> + ?Sized,
{
    let saved: Vec<Tensor> = model.buffers().iter().map(|b| b.value.clone()).collect();
    let recounted = update_bn(model, criterion, split, config);
    let out = f(model);
    if recounted {
        model.buffers_mut().into_iter().zip(saved).for_each(|(b, v)| b.value = v);
    }
    out
}
