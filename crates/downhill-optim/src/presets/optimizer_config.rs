//! Which optimizer, as serialisable data: one variant per preset with torch's option names, so a
//! model file records what trained it and `downhill train` and `downhill optimize` build the same
//! chain from the same flags. `from_kind` (optimizer_defaults.rs) fills in torch's defaults, read
//! from the presets' `Default`, so they cannot drift; `build` (optimizer_build.rs) turns the value
//! into the preset's chain with a given learning-rate source (a constant or a schedule). L-BFGS is a solver driven by
//! a closure, not a chain, so it has no variant: use `Lbfgs`.
//!
//! torch's `maximize` is the choice between `build` and `build_maximizing`, not a field: training
//! always minimises a loss (a model file never holds it), and a field in every variant would break
//! every `OptimizerConfig::Sgd { .. }` that users write.
use serde::{Deserialize, Serialize};

/// One preset and its torch options; `lr` is the base rate a schedule starts from.
///
/// ```
/// use downhill_optim::{OptimizerConfig, OptimizerKind};
/// let sgd = OptimizerConfig::from_kind(OptimizerKind::Nesterov).unwrap().with_lr(0.1);
/// let json = r#"{"name":"sgd","lr":0.1,"momentum":0.9,"dampening":0.0,"weight_decay":0.0,"nesterov":true}"#;
/// assert_eq!(serde_json::to_string(&sgd).unwrap(), json);
/// assert!(sgd.build(sgd.lr().into()).is_ok() && sgd.build_maximizing(0.1.into()).is_ok());
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "name")]
pub enum OptimizerConfig {
    Sgd {
        lr: f64,
        momentum: f64,
        dampening: f64,
        weight_decay: f64,
        nesterov: bool,
    },
    Adagrad {
        lr: f64,
        lr_decay: f64,
        weight_decay: f64,
        initial_accumulator_value: f64,
        eps: f64,
    },
    Rmsprop {
        lr: f64,
        alpha: f64,
        eps: f64,
        weight_decay: f64,
        momentum: f64,
        centered: bool,
    },
    Adadelta {
        lr: f64,
        rho: f64,
        eps: f64,
        weight_decay: f64,
    },
    Adam {
        lr: f64,
        betas: (f64, f64),
        eps: f64,
        weight_decay: f64,
        amsgrad: bool,
    },
    #[serde(rename = "adamw")]
    AdamW {
        lr: f64,
        betas: (f64, f64),
        eps: f64,
        weight_decay: f64,
        amsgrad: bool,
    },
    Adamax {
        lr: f64,
        betas: (f64, f64),
        eps: f64,
        weight_decay: f64,
    },
    Nadam {
        lr: f64,
        betas: (f64, f64),
        eps: f64,
        weight_decay: f64,
        momentum_decay: f64,
        decoupled_weight_decay: bool,
    },
    Radam {
        lr: f64,
        betas: (f64, f64),
        eps: f64,
        weight_decay: f64,
        decoupled_weight_decay: bool,
    },
}

impl OptimizerConfig {
    /// The base learning rate. Read through `lr_mut` on a copy (the value is a few numbers), so the
    /// list of variants is written once.
    pub fn lr(&self) -> f64 {
        *self.clone().lr_mut()
    }

    /// The same optimizer with base learning rate `lr`.
    pub fn with_lr(mut self, lr: f64) -> OptimizerConfig {
        *self.lr_mut() = lr;
        self
    }

    fn lr_mut(&mut self) -> &mut f64 {
        use OptimizerConfig::*;
        match self {
            Sgd { lr, .. }
            | Adagrad { lr, .. }
            | Rmsprop { lr, .. }
            | Adadelta { lr, .. }
            | Adam { lr, .. }
            | AdamW { lr, .. }
            | Adamax { lr, .. }
            | Nadam { lr, .. }
            | Radam { lr, .. } => lr,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::OptimizerKind;

    #[test]
    fn every_first_order_kind_builds_with_torch_defaults_and_round_trips_as_json() {
        for name in OptimizerKind::all_names().into_iter().filter(|n| *n != "lbfgs") {
            let cfg = OptimizerConfig::from_kind(name.parse().unwrap()).unwrap();
            assert!(cfg.build(cfg.lr().into()).is_ok(), "{name}");
            let json = serde_json::to_string(&cfg).unwrap();
            // Exact on purpose: a JSON round trip must give back the same f64 hyperparameters.
            assert_eq!(serde_json::from_str::<OptimizerConfig>(&json).unwrap(), cfg, "{json}");
        }
        let adam = OptimizerConfig::default();
        // Exact: the default lr and the one set by with_lr are literal constants read back.
        assert_eq!(adam.lr(), 1e-3);
        assert_eq!(adam.clone().with_lr(0.1).lr(), 0.1);
        assert!(serde_json::to_string(&adam).unwrap().starts_with(r#"{"name":"adam""#));
    }

    #[test]
    fn lbfgs_and_invalid_options_are_errors_naming_the_option() {
        assert!(OptimizerConfig::from_kind(OptimizerKind::Lbfgs)
            .unwrap_err()
            .to_string()
            .contains("optimizer"));
        let bad = OptimizerConfig::from_kind(OptimizerKind::Sgd).unwrap().with_lr(-1.0);
        assert!(bad.build((-1.0).into()).unwrap_err().to_string().contains("lr"));
    }
}
