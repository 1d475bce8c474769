//! The `Module` trait and state dictionaries (name → tensor maps for saving and loading models).
use crate::{Buffer, Ctx, Mode, NnError};
use downhill_autograd::{Param, Var};
use downhill_tensor::Tensor;
use std::collections::BTreeMap;

/// A layer or a network of layers.
pub trait Module: Send {
    /// `&mut self` because some layers update state in training (batch-norm running statistics).
    fn forward<'t>(&mut self, cx: &Ctx<'t>, x: Var<'t>) -> Var<'t>;
    /// A forward pass over several inputs (attention's query, key and value; a merge of branches).
    /// Modules with more than one input override it; the default takes exactly one.
    fn forward_many<'t>(&mut self, cx: &Ctx<'t>, xs: &[Var<'t>]) -> Var<'t> {
        match xs {
            [x] => self.forward(cx, *x),
            _ => panic!("{} takes one input, got {}", self.describe(), xs.len()),
        }
    }
    /// Trainable parameters in a stable order: the optimizer's slot order.
    fn params(&self) -> Vec<&Param>;
    /// The same parameters as [`params`](Self::params), in the same order, for updating them.
    fn params_mut(&mut self) -> Vec<&mut Param>;
    /// Non-trainable state saved with the model.
    fn buffers(&self) -> Vec<&Buffer> {
        vec![]
    }
    /// The same buffers as [`buffers`](Self::buffers), in the same order, for loading them.
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
    /// Truncated backpropagation through time. With `on`, recurrent layers start each forward
    /// pass from the state that the previous pass in the same mode (training or evaluation) ended
    /// in, detached, when it has as many sequences; otherwise, and by default, from zero.
    /// Containers pass it on; layers without state ignore it.
    fn carry_state(&mut self, _on: bool) {}
    /// Forgets the state carried in `mode`: the next pass in that mode starts from zero.
    fn reset_state(&mut self, _mode: Mode) {}
    /// Batch-norm running statistics. `on`: forget them (mean 0, variance 1) and average the
    /// training batches that follow with equal weights, torch's `reset_running_stats()` with
    /// `momentum = None` as `swa_utils.update_bn` sets it; off: back to the layer's momentum.
    /// Returns whether the module has such statistics. Containers pass it on; others ignore it.
    fn cumulative_stats(&mut self, _on: bool) -> bool {
        false
    }
    /// Whether max pooling commutes with this layer, value for value and gradient for gradient:
    /// true for relu (the largest of the window's relu'd values is relu of the largest, and its
    /// gradient reaches the same input or is zero), so a stack can pool first and apply the layer
    /// to a quarter of the values (`Sequential`). False by default.
    fn commutes_with_max_pool(&self) -> bool {
        false
    }
    /// Whether this layer is max pooling (see [`commutes_with_max_pool`](Self::commutes_with_max_pool)).
    fn is_max_pool(&self) -> bool {
        false
    }
}

/// Every parameter and buffer by name.
pub fn state_dict<M: Module + ?Sized>(m: &M) -> BTreeMap<String, Tensor> {
    let params = m.params().into_iter().map(|p| (p.name().to_string(), p.value.clone()));
    let buffers = m.buffers().into_iter().map(|b| (b.name().to_string(), b.value.clone()));
    params.chain(buffers).collect()
}

/// Loads values by name (pre-trained weights). Every name must be present with the right shape and
/// nothing extra may be given; on any error the module is left unchanged.
pub fn load_state<M: Module + ?Sized>(m: &mut M, values: &BTreeMap<String, Tensor>) -> Result<(), NnError> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_autograd::Tape;
    use downhill_testing::assert_close;

    /// y = w ⊙ a + b: two inputs, one parameter.
    struct Merge(Param);

    impl Module for Merge {
        fn forward<'t>(&mut self, _cx: &Ctx<'t>, _x: Var<'t>) -> Var<'t> {
            panic!("Merge takes two inputs")
        }
        fn forward_many<'t>(&mut self, cx: &Ctx<'t>, xs: &[Var<'t>]) -> Var<'t> {
            xs[0] * cx.param(&self.0) + xs[1]
        }
        fn params(&self) -> Vec<&Param> {
            vec![&self.0]
        }
        fn params_mut(&mut self) -> Vec<&mut Param> {
            vec![&mut self.0]
        }
        fn describe(&self) -> String {
            "Merge".into()
        }
    }

    #[test]
    fn a_module_with_two_inputs_passes_gradients_to_both() {
        let tape = Tape::new();
        let mut m = Merge(Param::new("w", Tensor::vector(vec![2.0, -1.0])));
        let a = tape.watch(Tensor::vector(vec![1.0, 3.0]));
        let b = tape.watch(Tensor::vector(vec![0.5, 0.5]));
        let y = m.forward_many(&Ctx::eval(&tape), &[a, b]);
        // y = (2·1 + 0.5, −1·3 + 0.5): products of small integers, 1e-6.
        assert_close("y", y.value().data(), &[2.5, -2.5], 1e-6);
        let g = tape.backward(y.sum());
        assert_close("dy/da = w", g.wrt(a).unwrap().data(), &[2.0, -1.0], 1e-6);
        assert_close("dy/db = 1", g.wrt(b).unwrap().data(), &[1.0, 1.0], 1e-6);
        assert_close("dy/dw = a", g.get(&m.0).unwrap().data(), &[1.0, 3.0], 1e-6);
    }

    #[test]
    #[should_panic(expected = "takes one input, got 2")]
    fn a_one_input_module_refuses_two() {
        let tape = Tape::new();
        let x = tape.leaf(Tensor::ones([1]));
        crate::Activation::Relu.forward_many(&Ctx::eval(&tape), &[x, x]);
    }
}
