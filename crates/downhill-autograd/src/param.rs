//! Trainable parameters: a named tensor with an identity that survives across tapes, and a role
//! saying what it does in its layer (so a penalty can pick weights without reading names).
use downhill_tensor::Tensor;
use std::sync::atomic::{AtomicU64, Ordering};

/// Process-unique identity of a parameter, used to look up its gradient.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ParamId(u64);

static NEXT_ID: AtomicU64 = AtomicU64::new(0);

/// What a parameter does in its layer. Penalties select by role: scikit-learn's `alpha` acts on
/// the coefficients (`Weight`) and leaves intercepts (`Bias`) alone; torch's `BatchNorm1d` γ is a
/// `Scale` and β a `Shift`, neither of which is a coefficient of the model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ParamRole {
    /// A coefficient multiplying the input (a linear layer's W, a bare trainable tensor).
    Weight,
    /// A lookup table whose rows the input selects (an embedding's weight): penalised like a
    /// `Weight`, but not a matrix the input multiplies, so Muon leaves it to AdamW.
    Table,
    /// An additive intercept (a linear layer's b).
    Bias,
    /// A per-feature gain applied after normalisation (batch norm's γ).
    Scale,
    /// A per-feature offset applied after normalisation (batch norm's β).
    Shift,
}

/// A trainable tensor with a stable dotted name such as `layers.0.weight`.
#[derive(Debug)]
pub struct Param {
    id: ParamId,
    name: String,
    role: ParamRole,
    /// Its current value (the optimizer updates it in place).
    pub value: Tensor,
}

impl Param {
    /// A parameter in the `Weight` role (see [`Param::with_role`] for the others).
    pub fn new(name: impl Into<String>, value: Tensor) -> Param {
        Param::with_role(name, ParamRole::Weight, value)
    }
    /// A parameter called `name` in `role`, with a fresh id.
    pub fn with_role(name: impl Into<String>, role: ParamRole, value: Tensor) -> Param {
        Param { id: ParamId(NEXT_ID.fetch_add(1, Ordering::Relaxed)), name: name.into(), role, value }
    }
    /// Its id, unique in the process (what a tape's gradients are keyed by).
    pub fn id(&self) -> ParamId {
        self.id
    }
    /// Its dotted name, `layers.0.weight`.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// What it does in its layer (penalties and optimizers choose parameters by role).
    pub fn role(&self) -> ParamRole {
        self.role
    }
    /// Prefixes the name, e.g. `weight` becomes `layers.0.weight` when a container adopts the layer.
    pub fn prefix_name(&mut self, prefix: &str) {
        self.name = format!("{prefix}.{}", self.name);
    }
}

/// A clone is a new parameter with the same name, role and value but its own identity, so
/// gradients of the copy never alias the original's.
impl Clone for Param {
    fn clone(&self) -> Param {
        Param::with_role(self.name.clone(), self.role, self.value.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_keep_name_and_role_but_not_identity() {
        let p = Param::with_role("bias", ParamRole::Bias, Tensor::zeros([2]));
        let q = p.clone();
        assert_eq!((q.name(), q.role()), ("bias", ParamRole::Bias));
        assert_ne!(p.id(), q.id());
        assert_eq!(Param::new("w", Tensor::zeros([1])).role(), ParamRole::Weight);
    }
}
