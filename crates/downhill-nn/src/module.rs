//! The `Module` trait and state dictionaries (name → tensor maps for saving and loading models).
use crate::{Buffer, Ctx, NnError};
use downhill_autograd::{Param, Var};
use downhill_tensor::Tensor;
use std::collections::BTreeMap;

/// A layer or a network of layers.
pub trait Module {
    /// `&mut self` because some layers update state in training (batch-norm running statistics).
    fn forward<'t>(&mut self, cx: &Ctx<'t>, x: Var<'t>) -> Var<'t>;
    /// Trainable parameters in a stable order: the optimizer's slot order.
    fn params(&self) -> Vec<&Param>;
    fn params_mut(&mut self) -> Vec<&mut Param>;
    /// Non-trainable state saved with the model.
    fn buffers(&self) -> Vec<&Buffer> {
        vec![]
    }
    fn buffers_mut(&mut self) -> Vec<&mut Buffer> {
        vec![]
    }
    /// Prefixes every parameter and buffer name (used by containers: `weight` → `layers.0.weight`).
    fn prefix_names(&mut self, prefix: &str) {
        self.params_mut().into_iter().for_each(|p| p.prefix_name(prefix));
        self.buffers_mut().into_iter().for_each(|b| b.prefix_name(prefix));
    }
    /// A one-line description for summaries, e.g. `Linear(784 -> 256)`.
    fn describe(&self) -> String;
}

/// Every parameter and buffer by name.
pub fn state_dict(m: &dyn Module) -> BTreeMap<String, Tensor> {
    let params = m.params().into_iter().map(|p| (p.name().to_string(), p.value.clone()));
    let buffers = m.buffers().into_iter().map(|b| (b.name().to_string(), b.value.clone()));
    params.chain(buffers).collect()
}

/// Loads values by name (pre-trained weights). Every name must be present with the right shape and
/// nothing extra may be given; on any error the module is left unchanged.
pub fn load_state(m: &mut dyn Module, values: &BTreeMap<String, Tensor>) -> Result<(), NnError> {
    let expected: Vec<(String, downhill_tensor::Shape)> = {
        let p = m.params().into_iter().map(|p| (p.name().to_string(), p.value.shape().clone()));
        p.chain(m.buffers().into_iter().map(|b| (b.name().to_string(), b.value.shape().clone()))).collect()
    };
    let list = || expected.iter().map(|(n, s)| format!("{n} {s}")).collect::<Vec<_>>().join(", ");
    for (name, shape) in &expected {
        let v = values.get(name).ok_or_else(|| NnError::Missing { name: name.clone(), expected: list() })?;
        v.check_shape(shape, name.as_str())?;
    }
    if let Some(extra) = values.keys().find(|k| !expected.iter().any(|(n, _)| n == *k)) {
        return Err(NnError::Unexpected { name: extra.clone(), expected: list() });
    }
    for p in m.params_mut() {
        p.value.assign(&values[p.name()]);
    }
    for b in m.buffers_mut() {
        b.value.assign(&values[b.name()]);
    }
    Ok(())
}
