//! The reverse sweep. Nodes are in creation order, so one loop from the loss down to node 0 visits
//! every node after all its consumers:
//!   ∂L/∂loss = 1 (all ones: a non-scalar loss is treated as its sum)
//!   for id = loss .. 0:  ∂L/∂x_k += op_id.backward(x, y_id, ∂L/∂y_id)_k   for each input x_k
//! Gradients of a node used several times add up. A lookup table's gradient (`gather_rows`) is its
//! rows (`Gradient::Rows`): it stays rows while it flows into a leaf (a parameter: `Grads` keeps it
//! so), is made dense when it meets a dense gradient of the same node, and is made dense before an
//! op's backward reads it as dy (a table computed by ops: their backward takes dense tensors).
//! Two things are freed as soon as they are dead:
//!   the gradient of node id, once propagated to its inputs;
//!   the value y_id, once node id has been visited: its consumers (larger ids) ran before it and its
//!   own backward was its last reader.
//! Leaves (constants, parameters, watched inputs) keep their values, and so does the loss; reading
//! any other value of the swept part after `backward` panics naming the node.
use crate::node::{with_values, Node};
use crate::{Grads, Tape, Var};
use downhill_tensor::{Gradient, Tensor};

impl Tape {
    /// Backpropagates from `loss`; see the module docs. Panics on a `Tape::inference` tape and while
    /// a value borrowed from this tape (`Var::value`) is still held.
    pub fn backward(&self, loss: Var<'_>) -> Grads {
        assert!(self.records, "Tape::backward: a `Tape::inference` tape records no ops; use `Tape::new`");
        let Ok(mut nodes) = self.nodes.try_borrow_mut() else {
            panic!("Tape::backward: a value of this tape is still borrowed (drop `Var::value` refs first)")
        };
        let mut grads = Grads::slots(nodes.len());
        let seed = Tensor::ones(nodes[loss.id()].value(loss.id()).shape().clone());
        grads[loss.id()] = Some(Gradient::Dense(seed));
        for id in (0..=loss.id()).rev() {
            propagate(&nodes, id, &mut grads);
            if id != loss.id() && nodes[id].op.is_some() {
                nodes[id].value = None;
            }
        }
        Grads::new(grads, &self.params.borrow())
    }
}

/// Adds node `id`'s contribution to the gradients of its inputs (nothing for leaves, nodes no
/// gradient is wanted for, and nodes the loss does not depend on).
fn propagate(nodes: &[Node], id: usize, grads: &mut [Option<Gradient>]) {
    let node = &nodes[id];
    let Some(op) = node.op.as_deref().filter(|_| node.requires_grad) else { return };
    let Some(dy) = grads[id].take().map(Gradient::into_dense) else { return };
    let ids = node.inputs.as_slice();
    let (mut small, mut big): ([bool; 3], Vec<bool>) = ([false; 3], Vec::new());
    let needs: &[bool] = if ids.len() <= small.len() {
        ids.iter().zip(&mut small).for_each(|(&i, n)| *n = nodes[i].requires_grad);
        &small[..ids.len()]
    } else {
        big.extend(ids.iter().map(|&i| nodes[i].requires_grad));
        &big
    };
    let dxs = with_values(nodes, ids, |xs| op.backward_masked(xs, node.value(id), &dy, needs));
    drop(dy);
    assert!(
        dxs.len() == ids.len(),
        "op {} returned {} gradients for {} inputs",
        op.name(),
        dxs.len(),
        ids.len()
    );
    for ((&input, dx), &need) in ids.iter().zip(dxs).zip(needs) {
        let Some(dx) = dx.filter(|_| need) else { continue };
        let want = nodes[input].value(input).shape();
        assert!(
            dx.shape() == want,
            "op {}: gradient shape {} for input of shape {}",
            op.name(),
            dx.shape(),
            want
        );
        match &mut grads[input] {
            Some(acc) => acc.add_scaled(dx, 1.0),
            slot => *slot = Some(dx),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Param, Tape, Tensor};

    #[test]
    fn intermediate_values_are_freed_and_leaves_and_the_loss_kept() {
        let tape = Tape::new();
        let w = Param::new("w", Tensor::vector(vec![1.0, -2.0]));
        let x = tape.leaf(Tensor::vector(vec![3.0, 4.0]));
        let h = tape.param(&w) * x;
        let loss = h.relu().sum();
        let g = tape.backward(loss);
        // Exact: relu'(w ⊙ x) ⊙ x = [1, 0] ⊙ [3, 4].
        assert_eq!(g.get(&w).unwrap().data(), &[3.0, 0.0]);
        assert_eq!((loss.item(), x.value().data()), (3.0, &[3.0, 4.0][..]));
        let freed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| h.shape()));
        let msg = *freed.unwrap_err().downcast::<String>().unwrap();
        assert!(msg.contains(&format!("node #{} was freed", h.id())), "{msg}");
    }

    #[test]
    #[should_panic(expected = "still borrowed")]
    fn backward_while_a_value_is_borrowed_panics() {
        let tape = Tape::new();
        let x = tape.watch(Tensor::scalar(2.0));
        let y = x * 3.0;
        let _held = y.value();
        tape.backward(y);
    }
}
