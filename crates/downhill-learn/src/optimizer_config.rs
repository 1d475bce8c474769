//! Which optimizer, as serialisable data: one variant per `downhill-optim` preset with torch's
//! option names. `from_kind` fills in torch's defaults (read from the preset's `Default`, so they
//! never drift); `build` turns it into the preset's transform chain with a given learning-rate
//! source (a constant or a schedule). L-BFGS is a closure-driven solver, not a chain, and is not
//! offered to the training loop.
use crate::LearnError;
use downhill_optim as optim;
use downhill_optim::{Chain, Lr, OptimizerKind};
use serde::{Deserialize, Serialize};

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

impl Default for OptimizerConfig {
    /// Adam with torch's defaults.
    fn default() -> Self {
        OptimizerConfig::from_kind(OptimizerKind::Adam).unwrap_or(OptimizerConfig::Sgd {
            lr: 1e-3,
            momentum: 0.0,
            dampening: 0.0,
            weight_decay: 0.0,
            nesterov: false,
        })
    }
}

impl OptimizerConfig {
    /// The base learning rate.
    pub fn lr(&self) -> f64 {
        *self.lr_field()
    }

    /// The same optimizer with base learning rate `lr`.
    pub fn with_lr(mut self, lr: f64) -> OptimizerConfig {
        *self.lr_field_mut() = lr;
        self
    }

    fn lr_field(&self) -> &f64 {
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

    fn lr_field_mut(&mut self) -> &mut f64 {
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

    /// The preset's chain, its learning rate taken from `lr` (the base rate goes into the schedule).
    pub fn build(&self, lr: Lr) -> Result<Chain, LearnError> {
        use OptimizerConfig as C;
        let chain = match self.clone() {
            C::Sgd { momentum, dampening, weight_decay, nesterov, .. } => optim::sgd(optim::SgdOptions {
                lr,
                momentum,
                dampening,
                weight_decay,
                nesterov,
                maximize: false,
            }),
            C::Adagrad { lr_decay, weight_decay, initial_accumulator_value, eps, .. } => {
                optim::adagrad(optim::AdagradOptions {
                    lr,
                    lr_decay,
                    weight_decay,
                    initial_accumulator_value,
                    eps,
                    maximize: false,
                })
            }
            C::Rmsprop { alpha, eps, weight_decay, momentum, centered, .. } => {
                optim::rmsprop(optim::RmspropOptions {
                    lr,
                    alpha,
                    eps,
                    weight_decay,
                    momentum,
                    centered,
                    maximize: false,
                })
            }
            C::Adadelta { rho, eps, weight_decay, .. } => {
                optim::adadelta(optim::AdadeltaOptions { lr, rho, eps, weight_decay, maximize: false })
            }
            C::Adam { betas, eps, weight_decay, amsgrad, .. } => {
                optim::adam(optim::AdamOptions { lr, betas, eps, weight_decay, amsgrad, maximize: false })
            }
            C::AdamW { betas, eps, weight_decay, amsgrad, .. } => {
                optim::adamw(optim::AdamWOptions { lr, betas, eps, weight_decay, amsgrad, maximize: false })
            }
            C::Adamax { betas, eps, weight_decay, .. } => {
                optim::adamax(optim::AdamaxOptions { lr, betas, eps, weight_decay, maximize: false })
            }
            C::Nadam { betas, eps, weight_decay, momentum_decay, decoupled_weight_decay, .. } => {
                optim::nadam(optim::NadamOptions {
                    lr,
                    betas,
                    eps,
                    weight_decay,
                    momentum_decay,
                    decoupled_weight_decay,
                    maximize: false,
                })
            }
            C::Radam { betas, eps, weight_decay, decoupled_weight_decay, .. } => {
                optim::radam(optim::RadamOptions {
                    lr,
                    betas,
                    eps,
                    weight_decay,
                    decoupled_weight_decay,
                    maximize: false,
                })
            }
        };
        Ok(chain?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_first_order_kind_builds_with_torch_defaults_and_round_trips_as_json() {
        for name in OptimizerKind::all_names().into_iter().filter(|n| *n != "lbfgs") {
            let cfg = OptimizerConfig::from_kind(name.parse().unwrap()).unwrap();
            assert!(cfg.build(cfg.lr().into()).is_ok(), "{name}");
            let json = serde_json::to_string(&cfg).unwrap();
            assert_eq!(serde_json::from_str::<OptimizerConfig>(&json).unwrap(), cfg, "{json}");
        }
        let adam = OptimizerConfig::default();
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
