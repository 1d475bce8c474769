//! torch's defaults for each optimizer name: `OptimizerConfig::from_kind` reads them from the
//! presets' `Default` impls in `downhill-optim`, so they never drift from the presets.
//! `momentum` and `nesterov` (names for racing optimizers) are SGD with momentum 0.9.
use crate::{LearnError, OptimizerConfig};
use downhill_optim as optim;
use downhill_optim::OptimizerKind;

impl OptimizerConfig {
    /// torch's defaults for `kind`; `momentum` and `nesterov` are SGD with momentum 0.9.
    pub fn from_kind(kind: OptimizerKind) -> Result<OptimizerConfig, LearnError> {
        use OptimizerConfig as C;
        Ok(match kind {
            OptimizerKind::Sgd | OptimizerKind::Momentum | OptimizerKind::Nesterov => {
                let d = optim::SgdOptions::default();
                let momentum = if kind == OptimizerKind::Sgd { d.momentum } else { 0.9 };
                let nesterov = kind == OptimizerKind::Nesterov;
                C::Sgd {
                    lr: d.lr.at(0),
                    momentum,
                    dampening: d.dampening,
                    weight_decay: d.weight_decay,
                    nesterov,
                }
            }
            OptimizerKind::Adagrad => {
                let d = optim::AdagradOptions::default();
                C::Adagrad {
                    lr: d.lr.at(0),
                    lr_decay: d.lr_decay,
                    weight_decay: d.weight_decay,
                    initial_accumulator_value: d.initial_accumulator_value,
                    eps: d.eps,
                }
            }
            OptimizerKind::Rmsprop => {
                let d = optim::RmspropOptions::default();
                C::Rmsprop {
                    lr: d.lr.at(0),
                    alpha: d.alpha,
                    eps: d.eps,
                    weight_decay: d.weight_decay,
                    momentum: d.momentum,
                    centered: d.centered,
                }
            }
            OptimizerKind::Adadelta => {
                let d = optim::AdadeltaOptions::default();
                C::Adadelta { lr: d.lr.at(0), rho: d.rho, eps: d.eps, weight_decay: d.weight_decay }
            }
            OptimizerKind::Adam => {
                let d = optim::AdamOptions::default();
                C::Adam {
                    lr: d.lr.at(0),
                    betas: d.betas,
                    eps: d.eps,
                    weight_decay: d.weight_decay,
                    amsgrad: d.amsgrad,
                }
            }
            OptimizerKind::AdamW => {
                let d = optim::AdamWOptions::default();
                C::AdamW {
                    lr: d.lr.at(0),
                    betas: d.betas,
                    eps: d.eps,
                    weight_decay: d.weight_decay,
                    amsgrad: d.amsgrad,
                }
            }
            OptimizerKind::Adamax => {
                let d = optim::AdamaxOptions::default();
                C::Adamax { lr: d.lr.at(0), betas: d.betas, eps: d.eps, weight_decay: d.weight_decay }
            }
            OptimizerKind::Nadam => {
                let d = optim::NadamOptions::default();
                let (momentum_decay, decoupled_weight_decay) = (d.momentum_decay, d.decoupled_weight_decay);
                C::Nadam {
                    lr: d.lr.at(0),
                    betas: d.betas,
                    eps: d.eps,
                    weight_decay: d.weight_decay,
                    momentum_decay,
                    decoupled_weight_decay,
                }
            }
            OptimizerKind::Radam => {
                let d = optim::RadamOptions::default();
                C::Radam {
                    lr: d.lr.at(0),
                    betas: d.betas,
                    eps: d.eps,
                    weight_decay: d.weight_decay,
                    decoupled_weight_decay: d.decoupled_weight_decay,
                }
            }
            OptimizerKind::Lbfgs => {
                let rule = "a first-order optimizer: sgd, momentum, nesterov, adagrad, rmsprop, adadelta, adam, adamw, adamax, nadam or radam (L-BFGS needs a closure and is not available for training)";
                return Err(LearnError::invalid("optimizer", rule, "lbfgs"));
            }
        })
    }
}
