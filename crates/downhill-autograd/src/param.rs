//! Trainable parameters: a named tensor with an identity that survives across tapes.
use downhill_tensor::Tensor;
use std::sync::atomic::{AtomicU64, Ordering};

/// Process-unique identity of a parameter, used to look up its gradient.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ParamId(u64);

static NEXT_ID: AtomicU64 = AtomicU64::new(0);

/// A trainable tensor with a stable dotted name such as `layers.0.weight`.
#[derive(Debug)]
pub struct Param {
    id: ParamId,
    name: String,
    pub value: Tensor,
}

impl Param {
    pub fn new(name: impl Into<String>, value: Tensor) -> Param {
        Param { id: ParamId(NEXT_ID.fetch_add(1, Ordering::Relaxed)), name: name.into(), value }
    }
    pub fn id(&self) -> ParamId {
        self.id
    }
    pub fn name(&self) -> &str {
        &self.name
    }
    /// Prefixes the name, e.g. `weight` becomes `layers.0.weight` when a container adopts the layer.
    pub fn prefix_name(&mut self, prefix: &str) {
        self.name = format!("{prefix}.{}", self.name);
    }
}

/// A clone is a new parameter with the same name and value but its own identity, so gradients of
/// the copy never alias the original's.
impl Clone for Param {
    fn clone(&self) -> Param {
        Param::new(self.name.clone(), self.value.clone())
    }
}
