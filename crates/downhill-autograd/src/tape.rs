//! The tape: nodes in creation order, each holding its value, the op that made it and its inputs.
//! Two kinds:
//!   `Tape::new`        records every op for `backward` (training, gradient checks)
//!   `Tape::inference`  records none: each op's forward runs and only its output is kept, the op and
//!                      the input list are dropped at once (prediction and validation, which never
//!                      differentiate); `backward` on it panics
//! The node and parameter lists of a dropped tape are kept for the next tape the thread makes, so a
//! training step (one tape per step) allocates neither once they have grown to the step's size.
use crate::node::{with_values, Inputs, Node};
use crate::op_box::OpBox;
use crate::{Op, Param, ParamId, Var};
use downhill_tensor::Tensor;
use std::cell::{Cell, Ref, RefCell};

/// Index of a node on its tape.
pub type NodeId = usize;

/// A Wengert list. Create one per forward pass; drop it after `backward`.
pub struct Tape {
    pub(crate) nodes: RefCell<Vec<Node>>,
    pub(crate) params: RefCell<Vec<(ParamId, NodeId)>>,
    pub(crate) records: bool,
}

type Lists = (Vec<Node>, Vec<(ParamId, NodeId)>);

thread_local! {
    /// The lists of the last tape dropped on this thread, emptied, for the next one.
    static SPARE: Cell<Lists> = const { Cell::new((Vec::new(), Vec::new())) };
}

impl Default for Tape {
    fn default() -> Tape {
        Tape::new()
    }
}

impl Drop for Tape {
    fn drop(&mut self) {
        let (mut nodes, mut params) = (self.nodes.take(), self.params.take());
        nodes.clear(); // values go to the tensor pool, ops to their shelves
        params.clear();
        let _ = SPARE.try_with(|s| {
            let spare = s.take();
            s.set(if spare.0.capacity() > nodes.capacity() { spare } else { (nodes, params) });
        });
    }
}

impl std::fmt::Debug for Tape {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = if self.records { "Tape" } else { "Tape::inference" };
        write!(f, "{kind}({} nodes)", self.nodes.borrow().len())
    }
}

impl Tape {
    /// A tape recording every op, for `backward`.
    pub fn new() -> Tape {
        let (nodes, params) = SPARE.try_with(Cell::take).unwrap_or_default();
        Tape { nodes: RefCell::new(nodes), params: RefCell::new(params), records: true }
    }

    /// A tape that records no ops: values only, for forward passes that are never differentiated.
    ///
    /// ```
    /// use downhill_autograd::{Tape, Tensor};
    /// let tape = Tape::inference();
    /// let y = tape.leaf(Tensor::vector(vec![-1.0, 2.0])).relu();
    /// assert_eq!(y.value().data(), &[0.0, 2.0]); // exact: relu selects stored values
    /// ```
    pub fn inference() -> Tape {
        let mut tape = Tape::new();
        tape.records = false;
        tape
    }

    /// True for a `Tape::new` tape, false for `Tape::inference`.
    pub fn records(&self) -> bool {
        self.records
    }

    /// A constant: no gradient flows into it.
    pub fn leaf(&self, value: Tensor) -> Var<'_> {
        self.push(Node::leaf(value, false))
    }

    /// An input whose gradient is wanted (e.g. for gradient-based feature importance): read it back
    /// with `Grads::wrt`.
    pub fn watch(&self, value: Tensor) -> Var<'_> {
        self.push(Node::leaf(value, self.records))
    }

    /// The current value of a parameter; its gradient is collected under the parameter's id.
    pub fn param(&self, p: &Param) -> Var<'_> {
        let var = self.watch(p.value.clone());
        if self.records {
            self.params.borrow_mut().push((p.id(), var.id()));
        }
        var
    }

    /// Applies `op` to `inputs`, recording the result; the tape keeps `op` (with anything its
    /// `forward` saved in it) for the backward pass. An inference tape keeps only the result.
    pub fn apply(&self, mut op: impl Op, inputs: &[Var<'_>]) -> Var<'_> {
        let inputs = Inputs::new(inputs.iter().map(|v| v.id()));
        let (value, requires_grad) = {
            let nodes = self.nodes.borrow();
            let ids = inputs.as_slice();
            (with_values(&nodes, ids, |xs| op.forward(xs)), ids.iter().any(|&i| nodes[i].requires_grad))
        };
        if !self.records {
            return self.push(Node::leaf(value, false));
        }
        self.push(Node { value: Some(value), op: Some(OpBox::new(op)), inputs, requires_grad })
    }

    fn push(&self, node: Node) -> Var<'_> {
        let mut nodes = self.nodes.borrow_mut();
        nodes.push(node);
        Var::new(self, nodes.len() - 1)
    }

    /// The value of node `id`; panics when backward has freed it.
    pub(crate) fn value(&self, id: NodeId) -> Ref<'_, Tensor> {
        Ref::map(self.nodes.borrow(), |n| n[id].value(id))
    }

    /// The number of nodes recorded.
    pub fn len(&self) -> usize {
        self.nodes.borrow().len()
    }

    /// Bytes of the values the tape holds now (those `backward` freed not counted; a buffer that
    /// several nodes share, as a reshape does, counted for each): an upper bound on what a forward
    /// pass costs in activations, for sizing chunks of rows.
    pub fn value_bytes(&self) -> usize {
        let values =
            self.nodes.borrow().iter().filter_map(|n| n.value.as_ref()).map(Tensor::numel).sum::<usize>();
        values * std::mem::size_of::<crate::Float>()
    }
    /// Whether nothing is recorded.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_inference_tape_keeps_values_but_no_ops() {
        let tape = Tape::inference();
        let w = Param::new("w", Tensor::vector(vec![2.0, 3.0]));
        let y = (tape.param(&w) * tape.leaf(Tensor::vector(vec![1.0, -1.0]))).sum();
        // Exact: 2·1 + 3·(−1) in small integers.
        assert_eq!(y.item(), -1.0);
        assert!(tape.nodes.borrow().iter().all(|n| n.op.is_none() && n.inputs.as_slice().is_empty()));
        assert!(tape.params.borrow().is_empty() && !tape.records());
    }

    #[test]
    #[should_panic(expected = "records no ops")]
    fn backward_on_an_inference_tape_panics() {
        let tape = Tape::inference();
        let x = tape.watch(Tensor::scalar(1.0));
        tape.backward(x * 2.0);
    }

    #[test]
    fn a_new_tape_reuses_the_lists_of_the_last_one() {
        let first = Tape::new();
        (0..40).fold(first.leaf(Tensor::scalar(1.0)), |v, _| v + 1.0);
        let capacity = first.nodes.borrow().capacity();
        drop(first);
        let second = Tape::new();
        assert!(second.is_empty() && second.nodes.borrow().capacity() == capacity);
    }
}
