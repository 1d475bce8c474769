//! Fine-tuning: a view of a module whose parameters under the given name prefixes are frozen. The
//! view forwards the module's forward pass and buffers but lists only the other parameters, so the
//! loop (optimizer, penalties, gradient health, checkpoints) never sees the frozen ones and they
//! keep their values exactly, whatever the optimizer's weight decay or momentum would do.
//! A prefix matches whole dotted components: `layers.1` freezes `layers.1.weight`, not `layers.10.*`.
use crate::LearnError;
use downhill_autograd::{Param, Var};
use downhill_nn::{Buffer, Ctx, Mode, Module};

/// A view of `inner` whose parameters under `prefixes` are frozen (not listed); see the module docs.
pub struct Frozen<'m, M: ?Sized> {
    inner: &'m mut M,
    prefixes: &'m [String],
}

impl<M: ?Sized> std::fmt::Debug for Frozen<'_, M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Frozen({:?})", self.prefixes)
    }
}

/// True when `name` is `prefix` or lies under it.
fn under(name: &str, prefix: &str) -> bool {
    name.strip_prefix(prefix).is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
}

impl<'m, M: Module + ?Sized> Frozen<'m, M> {
    /// The view; every prefix must freeze at least one parameter (a typo is an error naming the
    /// parameters there are).
    pub fn new(inner: &'m mut M, prefixes: &'m [String]) -> Result<Frozen<'m, M>, LearnError> {
        let names: Vec<String> = inner.params().iter().map(|p| p.name().to_string()).collect();
        if let Some(p) = prefixes.iter().find(|p| !names.iter().any(|n| under(n, p))) {
            let shown: Vec<&str> = names.iter().take(8).map(String::as_str).collect();
            let more = if names.len() > 8 { ", ..." } else { "" };
            let rule = "a prefix of parameter names";
            return Err(LearnError::InvalidParam {
                name: "freeze",
                rule,
                value: format!("{p} (no parameter is under it; they are {}{more})", shown.join(", ")),
            });
        }
        if names.iter().all(|n| prefixes.iter().any(|p| under(n, p))) {
            return Err(LearnError::InvalidParam {
                name: "freeze",
                rule: "prefixes that leave some parameters to train",
                value: format!(
                    "{} (it freezes every parameter, so training would change nothing)",
                    prefixes.join(",")
                ),
            });
        }
        Ok(Frozen { inner, prefixes })
    }

    fn trainable(&self, p: &Param) -> bool {
        !self.prefixes.iter().any(|prefix| under(p.name(), prefix))
    }
}

impl<M: Module + ?Sized> Module for Frozen<'_, M> {
    fn forward<'t>(&mut self, cx: &Ctx<'t>, x: Var<'t>) -> Var<'t> {
        self.inner.forward(cx, x)
    }
    fn params(&self) -> Vec<&Param> {
        self.inner.params().into_iter().filter(|p| self.trainable(p)).collect()
    }
    fn params_mut(&mut self) -> Vec<&mut Param> {
        let prefixes = self.prefixes;
        let keep = |p: &&mut Param| !prefixes.iter().any(|prefix| under(p.name(), prefix));
        self.inner.params_mut().into_iter().filter(keep).collect()
    }
    fn buffers(&self) -> Vec<&Buffer> {
        self.inner.buffers()
    }
    fn buffers_mut(&mut self) -> Vec<&mut Buffer> {
        self.inner.buffers_mut()
    }
    fn describe(&self) -> String {
        format!("{} with {} frozen", self.inner.describe(), self.prefixes.join(", "))
    }
    fn carry_state(&mut self, on: bool) {
        self.inner.carry_state(on);
    }
    fn reset_state(&mut self, mode: Mode) {
        self.inner.reset_state(mode);
    }
    fn cumulative_stats(&mut self, on: bool) -> bool {
        self.inner.cumulative_stats(on)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_nn::Mlp;

    #[test]
    fn lists_only_parameters_outside_the_prefixes() {
        let mut net = Mlp::new(&[3, 4, 4, 2]).build().unwrap();
        let prefixes = vec!["layers.0".to_string()];
        let view = Frozen::new(&mut net, &prefixes).unwrap();
        let names: Vec<&str> = view.params().iter().map(|p| p.name()).collect();
        assert_eq!(names, ["layers.2.weight", "layers.2.bias", "layers.4.weight", "layers.4.bias"]);
        let typo = vec!["layer.0".to_string()];
        let e = Frozen::new(&mut net, &typo).unwrap_err().to_string();
        assert!(e.contains("layer.0") && e.contains("layers.0.weight"), "{e}");
        assert!(under("layers.1.weight", "layers.1") && !under("layers.10.weight", "layers.1"));
        let everything = vec!["layers".to_string()];
        let e = Frozen::new(&mut net, &everything).unwrap_err().to_string();
        assert!(e.contains("freezes every parameter"), "{e}");
        let all_three = ["layers.0", "layers.2", "layers.4"].map(String::from).to_vec();
        assert!(Frozen::new(&mut net, &all_three).is_err());
    }
}
