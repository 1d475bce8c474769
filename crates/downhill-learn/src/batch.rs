//! One batch: the same rows of the inputs `x` and of the targets `y`, in the same order. The loop
//! gathers a batch's rows once per step and lends the batch to the criterion; tensors share their
//! buffer copy-on-write, so putting `batch.x.clone()` on a tape copies no data.
use downhill_tensor::Tensor;

/// The same rows of the inputs `x` and the targets `y`, in the same order: what a criterion sees in one step.
#[derive(Clone, Debug, Default)]
pub struct Batch {
    /// Inputs, one row per sample.
    pub x: Tensor,
    /// Targets, one row per sample: values or class ids [n, 1] for the estimators, anything with
    /// `x`'s row count for a custom criterion (an autoencoder's targets are `x` itself).
    pub y: Tensor,
}

impl Batch {
    /// The number of rows (samples).
    pub fn rows(&self) -> usize {
        self.x.rows()
    }
}
