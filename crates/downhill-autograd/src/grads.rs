//! The result of a backward pass: gradients by node, and by parameter.
use crate::{Param, ParamId, Var};
use downhill_tensor::Tensor;
use std::collections::HashMap;

/// Gradients of the loss with respect to parameters and watched inputs.
#[derive(Debug)]
pub struct Grads {
    by_node: Vec<Option<Tensor>>,
    by_param: HashMap<ParamId, Tensor>,
}

impl Grads {
    pub(crate) fn new(mut by_node: Vec<Option<Tensor>>, params: Vec<(ParamId, usize)>) -> Grads {
        let mut by_param: HashMap<ParamId, Tensor> = HashMap::new();
        for (pid, node) in params {
            // A parameter put on the tape twice gets the sum of both uses.
            let Some(g) = by_node[node].take() else { continue };
            match by_param.get_mut(&pid) {
                Some(acc) => acc.add_scaled(&g, 1.0),
                None => {
                    by_param.insert(pid, g);
                }
            }
        }
        Grads { by_node, by_param }
    }

    /// Gradient for a parameter, or `None` if the loss does not depend on it.
    pub fn get(&self, p: &Param) -> Option<&Tensor> {
        self.by_param.get(&p.id())
    }

    /// Gradient for a parameter, taking it out.
    pub fn take(&mut self, p: &Param) -> Option<Tensor> {
        self.by_param.remove(&p.id())
    }

    /// Gradient for a parameter, zeros shaped like it when the loss does not depend on it.
    pub fn get_or_zeros(&self, p: &Param) -> Tensor {
        self.get(p).cloned().unwrap_or_else(|| Tensor::zeros_like(&p.value))
    }

    /// Gradient with respect to a leaf: a watched input (`Tape::watch`) or a parameter's node.
    pub fn wrt(&self, v: Var<'_>) -> Option<&Tensor> {
        self.by_node.get(v.id()).and_then(|g| g.as_ref())
    }
}
