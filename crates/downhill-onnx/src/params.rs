//! A layer's parameters and buffers, looked up by their names in the model's state dict under the
//! layer's prefix (`layers.3` + `weight_ih_l0`), with the expected shape checked so that a file
//! whose weights do not fit its description fails with a message naming the parameter.
use downhill_tensor::Tensor;
use std::collections::BTreeMap;

#[derive(Clone, Debug)]
pub(crate) struct Params<'a> {
    state: &'a BTreeMap<String, Tensor>,
    prefix: String,
}

impl<'a> Params<'a> {
    pub fn new(state: &'a BTreeMap<String, Tensor>, prefix: &str) -> Params<'a> {
        Params { state, prefix: prefix.to_string() }
    }

    /// The prefix (`layers.3`), naming the layer in messages and graph scopes.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The parameters of a part of this layer (`self_attn`, `projection`).
    pub fn child(&self, part: &str) -> Params<'a> {
        Params::new(self.state, &self.full(part))
    }

    /// The whole state, for sub-stacks with their own prefixes.
    pub fn state(&self) -> &'a BTreeMap<String, Tensor> {
        self.state
    }

    fn full(&self, name: &str) -> String {
        format!("{}.{name}", self.prefix)
    }

    /// `name`, which must exist with shape `dims`.
    pub fn get(&self, name: &str, dims: &[usize]) -> Result<&'a Tensor, String> {
        let full = self.full(name);
        match self.state.get(&full) {
            Some(t) if t.dims() == dims => Ok(t),
            Some(t) => Err(format!("parameter {full} has shape {}, expected {:?}", t.shape(), dims)),
            None => Err(format!("parameter {full} is missing from the model's weights")),
        }
    }

    /// `name` if the layer has it (an optional bias), checked like `get`.
    pub fn optional(&self, name: &str, dims: &[usize], present: bool) -> Result<Option<&'a Tensor>, String> {
        present.then(|| self.get(name, dims)).transpose()
    }
}
