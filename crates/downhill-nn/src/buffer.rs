//! Non-trainable state that belongs to a model, such as batch-norm running statistics.
use downhill_tensor::Tensor;

/// A named tensor saved with the model but never touched by the optimizer.
#[derive(Debug, Clone, PartialEq)]
pub struct Buffer {
    name: String,
    pub value: Tensor,
}

impl Buffer {
    pub fn new(name: impl Into<String>, value: Tensor) -> Buffer {
        Buffer { name: name.into(), value }
    }
    pub fn name(&self) -> &str {
        &self.name
    }
    pub fn prefix_name(&mut self, prefix: &str) {
        self.name = format!("{prefix}.{}", self.name);
    }
}
