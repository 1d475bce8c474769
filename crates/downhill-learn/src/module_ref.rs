//! `&mut M` for any `M: Module + ?Sized` seen as a sized module, so the generic loop can hand an
//! unsized module (`dyn Module`) to downhill-nn's `state_dict` / `load_state`, which take trait
//! objects. Every method forwards to the module.
use downhill_autograd::{Param, Var};
use downhill_nn::{Buffer, Ctx, Module, NnError};
use downhill_tensor::Tensor;
use std::collections::BTreeMap;

struct ByRef<'a, M: ?Sized>(&'a mut M);

impl<M: Module + ?Sized> Module for ByRef<'_, M> {
    fn forward<'t>(&mut self, cx: &Ctx<'t>, x: Var<'t>) -> Var<'t> {
        self.0.forward(cx, x)
    }
    fn params(&self) -> Vec<&Param> {
        self.0.params()
    }
    fn params_mut(&mut self) -> Vec<&mut Param> {
        self.0.params_mut()
    }
    fn buffers(&self) -> Vec<&Buffer> {
        self.0.buffers()
    }
    fn buffers_mut(&mut self) -> Vec<&mut Buffer> {
        self.0.buffers_mut()
    }
    fn prefix_names(&mut self, prefix: &str) {
        self.0.prefix_names(prefix)
    }
    fn describe(&self) -> String {
        self.0.describe()
    }
}

/// `downhill_nn::state_dict` of `m`.
pub(crate) fn state_dict<M: Module + ?Sized>(m: &mut M) -> BTreeMap<String, Tensor> {
    downhill_nn::state_dict(&ByRef(m))
}

/// `downhill_nn::load_state` into `m`.
pub(crate) fn load_state<M: Module + ?Sized>(
    m: &mut M,
    values: &BTreeMap<String, Tensor>,
) -> Result<(), NnError> {
    downhill_nn::load_state(&mut ByRef(m), values)
}

/// The first name two parameters or buffers of `m` share, if any: a checkpoint or the best
/// weights kept by early stopping could not tell them apart.
pub(crate) fn duplicate_name<M: Module + ?Sized>(m: &M) -> Option<String> {
    let params = m.params().into_iter().map(|p| p.name().to_string());
    let mut names: Vec<String> =
        params.chain(m.buffers().into_iter().map(|b| b.name().to_string())).collect();
    names.sort();
    names.windows(2).find(|w| w[0] == w[1]).map(|w| w[0].clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_nn::{Init, Linear, Sequential};
    use downhill_tensor::Rng;

    #[test]
    fn state_of_an_unsized_module_round_trips_and_clashing_names_are_found() {
        let mut rng = Rng::seed(0);
        let mut net: Box<dyn Module> =
            Box::new(Sequential::new().with(Linear::new(2, 1, true, Init::TorchLinear, &mut rng)));
        let mut state = state_dict(&mut *net);
        assert_eq!(state.keys().collect::<Vec<_>>(), ["layers.0.bias", "layers.0.weight"]);
        state.insert("layers.0.bias".into(), Tensor::vector(vec![7.0]));
        load_state(&mut *net, &state).unwrap();
        assert_eq!(net.params()[1].value.data(), &[7.0]); // exact: a copied value
        assert_eq!(duplicate_name(&*net), None);
        let clash = Sequential::new().with(Linear::new(2, 2, false, Init::TorchLinear, &mut rng));
        let mut twice = Linear::new(2, 2, false, Init::TorchLinear, &mut rng);
        twice.prefix_names("layers.0");
        struct Two(Sequential, Linear);
        impl Module for Two {
            fn forward<'t>(&mut self, cx: &Ctx<'t>, x: Var<'t>) -> Var<'t> {
                let h = self.0.forward(cx, x);
                self.1.forward(cx, h)
            }
            fn params(&self) -> Vec<&Param> {
                [self.0.params(), self.1.params()].concat()
            }
            fn params_mut(&mut self) -> Vec<&mut Param> {
                let mut p = self.0.params_mut();
                p.extend(self.1.params_mut());
                p
            }
            fn describe(&self) -> String {
                "Two".into()
            }
        }
        assert_eq!(duplicate_name(&Two(clash, twice)).as_deref(), Some("layers.0.weight"));
    }
}
