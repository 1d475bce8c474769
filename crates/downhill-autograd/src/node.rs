//! A node of the tape: its value (until backward frees it), the op that made it and the ids of its
//! inputs, kept inline for up to three (every op but `concat`), so recording allocates no list.
use crate::op_box::OpBox;
use crate::NodeId;
use downhill_tensor::Tensor;

const INLINE: usize = 3;

pub(crate) struct Node {
    /// `None` once backward has run past this node (see `Tape::backward`).
    pub(crate) value: Option<Tensor>,
    pub(crate) op: Option<OpBox>,
    pub(crate) inputs: Inputs,
    /// True when some parameter or watched input lies upstream, i.e. a gradient is wanted here.
    pub(crate) requires_grad: bool,
}

impl Node {
    /// A node without an op: a constant, a parameter or a watched input (or, on an inference
    /// tape, any value).
    pub(crate) fn leaf(value: Tensor, requires_grad: bool) -> Node {
        Node { value: Some(value), op: None, inputs: Inputs::default(), requires_grad }
    }

    /// The value; panics naming the node when backward has freed it.
    pub(crate) fn value(&self, id: NodeId) -> &Tensor {
        self.value.as_ref().unwrap_or_else(|| {
            panic!(
                "the value of node #{id} was freed by `Tape::backward` after its last use: read values \
                 before calling backward"
            )
        })
    }
}

/// Node ids of an op's inputs.
#[derive(Default)]
pub(crate) struct Inputs {
    len: usize,
    inline: [NodeId; INLINE],
    rest: Vec<NodeId>,
}

impl Inputs {
    pub(crate) fn new(ids: impl ExactSizeIterator<Item = NodeId>) -> Inputs {
        let mut out = Inputs { len: ids.len(), ..Inputs::default() };
        if out.len <= INLINE {
            out.inline.iter_mut().zip(ids).for_each(|(slot, id)| *slot = id);
        } else {
            out.rest = ids.collect();
        }
        out
    }

    pub(crate) fn as_slice(&self) -> &[NodeId] {
        match self.len <= INLINE {
            true => &self.inline[..self.len],
            false => &self.rest,
        }
    }
}

/// Runs `f` on the values of nodes `ids` (a stack array for up to three, so no list is allocated).
pub(crate) fn with_values<R>(nodes: &[Node], ids: &[NodeId], f: impl FnOnce(&[&Tensor]) -> R) -> R {
    let v = |k: usize| nodes[ids[k]].value(ids[k]);
    match ids.len() {
        0 => f(&[]),
        1 => f(&[v(0)]),
        2 => f(&[v(0), v(1)]),
        3 => f(&[v(0), v(1), v(2)]),
        n => f(&(0..n).map(v).collect::<Vec<_>>()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_keep_their_order_inline_and_beyond() {
        for n in [0, 1, 3, 4, 9] {
            let ids: Vec<NodeId> = (0..n).map(|i| 10 + i).collect();
            assert_eq!(Inputs::new(ids.iter().copied()).as_slice(), &ids[..]);
        }
    }

    #[test]
    #[should_panic(expected = "node #0 was freed by `Tape::backward`")]
    fn reading_a_freed_value_names_the_node() {
        let mut node = Node::leaf(Tensor::scalar(1.0), false);
        node.value = None;
        with_values(&[node], &[0], |_| ());
    }
}
