//! Non-trainable state that belongs to a model, such as batch-norm running statistics.
use downhill_tensor::Tensor;

/// A named tensor saved with the model but never touched by the optimizer.
#[derive(Debug, Clone, PartialEq)]
pub struct Buffer {
    name: String,
    /// The current value (e.g. a running mean, updated by the layer in training).
    pub value: Tensor,
}

impl Buffer {
    /// A buffer called `name` (its key in the state dictionary) holding `value`.
    pub fn new(name: impl Into<String>, value: Tensor) -> Buffer {
        Buffer { name: name.into(), value }
    }
    /// Its key in the state dictionary, with its containers' prefixes (`layers.1.running_mean`).
    pub fn name(&self) -> &str {
        &self.name
    }
    /// Puts `prefix.` before the name (containers call it through [`Module::prefix_names`](crate::Module::prefix_names)).
    pub fn prefix_name(&mut self, prefix: &str) {
        self.name = format!("{prefix}.{}", self.name);
    }
}
