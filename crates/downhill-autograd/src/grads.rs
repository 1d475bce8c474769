//! The result of a backward pass: gradients by node, and by parameter. Its two lists are kept for
//! the next backward pass on the thread when it is dropped (like the tape's), so a training step
//! allocates neither once they have their size.
//!
//! A lookup table's gradient is kept as its rows (`Gradient::Rows`, summed over the lookups and over
//! the parameter's uses): `gradient`/`take_gradient` hand it over as it is, which is what the
//! training loop and the optimizers read. The dense accessors (`get`, `take`, `get_or_zeros`) make
//! the dense table only when called, once per parameter, for callers that need every value
//! (gradient checks, GAN and policy-gradient steps, tests). A watched input's row gradient is made
//! dense here, since `wrt` lends a dense tensor and watched inputs are small.
use crate::{NodeId, Param, ParamId, Var};
use downhill_tensor::{Gradient, Tensor};
use std::cell::{Cell, OnceCell};

/// Gradients of the loss with respect to parameters and watched inputs.
#[derive(Debug)]
pub struct Grads {
    by_node: Vec<Option<Gradient>>,
    /// In the order the parameters went on the tape; a model has few enough for a linear search.
    by_param: Vec<ParamGrad>,
}

/// A parameter's gradient, and its dense form once a dense accessor asked for it.
#[derive(Debug)]
struct ParamGrad {
    id: ParamId,
    grad: Gradient,
    dense: OnceCell<Tensor>,
}

impl ParamGrad {
    fn dense(&self) -> &Tensor {
        match &self.grad {
            Gradient::Dense(t) => t,
            Gradient::Rows(r) => self.dense.get_or_init(|| r.to_dense()),
        }
    }
}

type Lists = (Vec<Option<Gradient>>, Vec<ParamGrad>);

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
    pub(crate) fn slots(n: usize) -> Vec<Option<Gradient>> {
        let spare = SPARE.try_with(|s| {
            let (by_node, by_param) = s.take();
            s.set((Vec::new(), by_param));
            by_node
        });
        let mut v = spare.unwrap_or_default();
        v.resize_with(n, || None);
        v
    }

    pub(crate) fn new(mut by_node: Vec<Option<Gradient>>, params: &[(ParamId, NodeId)]) -> Grads {
        let spare = SPARE.try_with(|s| {
            let (spare_nodes, by_param) = s.take();
            s.set((spare_nodes, Vec::new()));
            by_param
        });
        let mut by_param = spare.unwrap_or_default();
        for &(pid, node) in params {
            // A parameter put on the tape twice gets the sum of both uses.
            let Some(g) = by_node[node].take() else { continue };
            match by_param.iter_mut().find(|pg| pg.id == pid) {
                Some(acc) => acc.grad.add_scaled(g, 1.0),
                None => by_param.push(ParamGrad { id: pid, grad: g, dense: OnceCell::new() }),
            }
        }
        for slot in by_node.iter_mut().filter(|g| matches!(g, Some(Gradient::Rows(_)))) {
            *slot = slot.take().map(|g| Gradient::Dense(g.into_dense()));
        }
        Grads { by_node, by_param }
    }

    /// Gradient for a parameter, or `None` if the loss does not depend on it. A table's rows are
    /// made into the dense table here, on the first call (see the module docs).
    pub fn get(&self, p: &Param) -> Option<&Tensor> {
        self.by_param.iter().find(|pg| pg.id == p.id()).map(ParamGrad::dense)
    }

    /// Gradient for a parameter as the backward pass made it: dense, or a table's rows.
    pub fn gradient(&self, p: &Param) -> Option<&Gradient> {
        self.by_param.iter().find(|pg| pg.id == p.id()).map(|pg| &pg.grad)
    }

    /// Gradient for a parameter, taking it out, dense (a table's rows made into the table).
    pub fn take(&mut self, p: &Param) -> Option<Tensor> {
        self.take_gradient(p).map(Gradient::into_dense)
    }

    /// Gradient for a parameter, taking it out as the backward pass made it (rows stay rows).
    pub fn take_gradient(&mut self, p: &Param) -> Option<Gradient> {
        let at = self.by_param.iter().position(|pg| pg.id == p.id())?;
        Some(self.by_param.swap_remove(at).grad)
    }

    /// Gradient for a parameter, dense; zeros shaped like it when the loss does not depend on it.
    pub fn get_or_zeros(&self, p: &Param) -> Tensor {
        self.get(p).cloned().unwrap_or_else(|| Tensor::zeros_like(&p.value))
    }

    /// Gradient with respect to a leaf: a watched input (`Tape::watch`) or a parameter's node.
    pub fn wrt(&self, v: Var<'_>) -> Option<&Tensor> {
        self.by_node.get(v.id()).and_then(|g| g.as_ref()).and_then(Gradient::as_dense)
    }
}
