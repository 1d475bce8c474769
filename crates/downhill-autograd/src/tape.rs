//! The tape: nodes in creation order, each holding its value, the op that made it and its inputs.
use crate::{Grads, Op, Param, ParamId, Var};
use downhill_tensor::Tensor;
use std::cell::{Ref, RefCell};

/// Index of a node on its tape.
pub type NodeId = usize;

pub(crate) struct Node {
    pub(crate) value: Tensor,
    pub(crate) op: Option<Box<dyn Op>>,
    pub(crate) inputs: Vec<NodeId>,
    /// True when some parameter or watched input lies upstream, i.e. a gradient is wanted here.
    pub(crate) requires_grad: bool,
}

/// A Wengert list. Create one per forward pass; drop it after `backward`.
#[derive(Default)]
pub struct Tape {
    nodes: RefCell<Vec<Node>>,
    params: RefCell<Vec<(ParamId, NodeId)>>,
}

impl std::fmt::Debug for Tape {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Tape({} nodes)", self.nodes.borrow().len())
    }
}

impl Tape {
    pub fn new() -> Tape {
        Tape::default()
    }

    /// A constant: no gradient flows into it.
    pub fn leaf(&self, value: Tensor) -> Var<'_> {
        self.push(Node { value, op: None, inputs: vec![], requires_grad: false })
    }

    /// An input whose gradient is wanted (e.g. for gradient-based feature importance): read it back
    /// with `Grads::wrt`.
    pub fn watch(&self, value: Tensor) -> Var<'_> {
        self.push(Node { value, op: None, inputs: vec![], requires_grad: true })
    }

    /// The current value of a parameter; its gradient is collected under the parameter's id.
    pub fn param(&self, p: &Param) -> Var<'_> {
        let var = self.watch(p.value.clone());
        self.params.borrow_mut().push((p.id(), var.id()));
        var
    }

    /// Applies `op` to `inputs`, recording the result; the tape keeps `op` (with anything its
    /// `forward` saved in it) for the backward pass.
    pub fn apply(&self, mut op: impl Op, inputs: &[Var<'_>]) -> Var<'_> {
        let ids: Vec<NodeId> = inputs.iter().map(|v| v.id()).collect();
        let (value, requires_grad) = {
            let nodes = self.nodes.borrow();
            let xs: Vec<&Tensor> = ids.iter().map(|&i| &nodes[i].value).collect();
            (op.forward(&xs), ids.iter().any(|&i| nodes[i].requires_grad))
        };
        self.push(Node { value, op: Some(Box::new(op)), inputs: ids, requires_grad })
    }

    fn push(&self, node: Node) -> Var<'_> {
        let mut nodes = self.nodes.borrow_mut();
        nodes.push(node);
        Var::new(self, nodes.len() - 1)
    }

    pub(crate) fn value(&self, id: NodeId) -> Ref<'_, Tensor> {
        Ref::map(self.nodes.borrow(), |n| &n[id].value)
    }

    pub fn len(&self) -> usize {
        self.nodes.borrow().len()
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Backpropagates from `loss` (any shape: its seed gradient is all ones, so a non-scalar loss is
    /// treated as its sum). Gradients of a node used several times add up. Gradients of intermediate
    /// values are freed as soon as they have been propagated; leaves (params, watched inputs) keep theirs.
    pub fn backward(&self, loss: Var<'_>) -> Grads {
        let nodes = self.nodes.borrow();
        let mut grads: Vec<Option<Tensor>> = (0..nodes.len()).map(|_| None).collect();
        grads[loss.id()] = Some(Tensor::ones(nodes[loss.id()].value.shape().clone()));
        for id in (0..=loss.id()).rev() {
            let node = &nodes[id];
            let Some(op) = node.op.as_ref().filter(|_| node.requires_grad) else { continue };
            let Some(dy) = grads[id].take() else { continue };
            let xs: Vec<&Tensor> = node.inputs.iter().map(|&i| &nodes[i].value).collect();
            let needs: Vec<bool> = node.inputs.iter().map(|&i| nodes[i].requires_grad).collect();
            let dxs = op.backward_masked(&xs, &node.value, &dy, &needs);
            assert!(
                dxs.len() == xs.len(),
                "op {} returned {} gradients for {} inputs",
                op.name(),
                dxs.len(),
                xs.len()
            );
            for ((&input, dx), need) in node.inputs.iter().zip(dxs).zip(needs) {
                let Some(dx) = dx.filter(|_| need) else { continue };
                let want = nodes[input].value.shape();
                assert!(
                    dx.shape() == want,
                    "op {}: gradient shape {} for input of shape {}",
                    op.name(),
                    dx.shape(),
                    want
                );
                match &mut grads[input] {
                    Some(acc) => acc.add_scaled(&dx, 1.0),
                    slot => *slot = Some(dx),
                }
            }
        }
        Grads::new(grads, self.params.borrow().clone())
    }
}
