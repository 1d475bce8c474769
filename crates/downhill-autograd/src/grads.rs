//! The result of a backward pass: gradients by node, and by parameter. Its two lists are kept for
//! the next backward pass on the thread when it is dropped (like the tape's), so a training step
//! allocates neither once they have their size.
use crate::{NodeId, Param, ParamId, Var};
use downhill_tensor::Tensor;
use std::cell::Cell;

/// Gradients of the loss with respect to parameters and watched inputs.
#[derive(Debug)]
pub struct Grads {
    by_node: Vec<Option<Tensor>>,
    /// In the order the parameters went on the tape; a model has few enough for a linear search.
    by_param: Vec<(ParamId, Tensor)>,
}

type Lists = (Vec<Option<Tensor>>, Vec<(ParamId, Tensor)>);

thread_local! {
    static SPARE: Cell<Lists> = const { Cell::new((Vec::new(), Vec::new())) };
}

impl Drop for Grads {
    fn drop(&mut self) {
        let (mut by_node, mut by_param) =
            (std::mem::take(&mut self.by_node), std::mem::take(&mut self.by_param));
        by_node.clear();
        by_param.clear();
        let _ = SPARE.try_with(|s| {
            let spare = s.take();
            s.set(if spare.0.capacity() > by_node.capacity() { spare } else { (by_node, by_param) });
        });
    }
}

impl Grads {
    /// `n` empty gradient slots, one per node (the spare list when there is one).
    pub(crate) fn slots(n: usize) -> Vec<Option<Tensor>> {
        let spare = SPARE.try_with(|s| {
            let (by_node, by_param) = s.take();
            s.set((Vec::new(), by_param));
            by_node
        });
        let mut v = spare.unwrap_or_default();
        v.resize_with(n, || None);
        v
    }

    pub(crate) fn new(mut by_node: Vec<Option<Tensor>>, params: &[(ParamId, NodeId)]) -> Grads {
        let spare = SPARE.try_with(|s| {
            let (spare_nodes, by_param) = s.take();
            s.set((spare_nodes, Vec::new()));
            by_param
        });
        let mut by_param = spare.unwrap_or_default();
        for &(pid, node) in params {
            // A parameter put on the tape twice gets the sum of both uses.
            let Some(g) = by_node[node].take() else { continue };
            match by_param.iter_mut().find(|(id, _)| *id == pid) {
                Some((_, acc)) => acc.add_scaled(&g, 1.0),
                None => by_param.push((pid, g)),
            }
        }
        Grads { by_node, by_param }
    }

    /// Gradient for a parameter, or `None` if the loss does not depend on it.
    pub fn get(&self, p: &Param) -> Option<&Tensor> {
        self.by_param.iter().find(|(id, _)| *id == p.id()).map(|(_, g)| g)
    }

    /// Gradient for a parameter, taking it out.
    pub fn take(&mut self, p: &Param) -> Option<Tensor> {
        let at = self.by_param.iter().position(|(id, _)| *id == p.id())?;
        Some(self.by_param.swap_remove(at).1)
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
