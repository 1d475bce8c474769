//! The first name two parameters or buffers of a module share: checkpoints and the best weights
//! kept by early stopping go by name, so such a module is refused before training.
use downhill_nn::Module;

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
    use downhill_autograd::{Param, Var};
    use downhill_nn::{load_state, state_dict, Ctx, Init, Linear, Sequential};
    use downhill_tensor::Rng;
    use downhill_tensor::Tensor;

    #[test]
    fn state_of_an_unsized_module_round_trips_and_clashing_names_are_found() {
        let mut rng = Rng::seed(0);
        let mut net: Box<dyn Module> =
            Box::new(Sequential::new().with(Linear::new(2, 1, true, Init::TorchLinear, &mut rng)));
        let mut state = state_dict(&*net);
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
