//! torch's defaults for each optimizer name: `OptimizerConfig::from_kind` reads them from the
//! presets' `Default` impls, so they never drift from the presets. `momentum` and `nesterov`
//! (names for racing optimizers) are SGD with momentum 0.9, the usual choice.
use crate::{AdadeltaOptions, AdagradOptions, AdamOptions, AdamWOptions, AdamaxOptions};
use crate::{
    NadamOptions, OptimError, OptimizerConfig, OptimizerKind, RadamOptions, RmspropOptions, SgdOptions,
};

/// The momentum of the `momentum` and `nesterov` kinds.
const RACING_MOMENTUM: f64 = 0.9;

impl Default for OptimizerConfig {
    /// Adam with torch's defaults.
    fn default() -> Self {
        adam()
    }
}

impl OptimizerConfig {
    /// torch's defaults for `kind`; an error for L-BFGS, which is not a chain.
    pub fn from_kind(kind: OptimizerKind) -> Result<OptimizerConfig, OptimError> {
        use OptimizerConfig as C;
        // Each preset's options are destructured in full (only `maximize` and `cycled_momentum` are
        // skipped: the first is `build_maximizing`, the second comes from the schedule), so an
        // option added to a preset fails to compile here until the config has it too.
        Ok(match kind {
            OptimizerKind::Sgd | OptimizerKind::Momentum | OptimizerKind::Nesterov => {
                let SgdOptions {
                    lr,
                    momentum,
                    dampening,
                    weight_decay,
                    nesterov: _,
                    maximize: _,
                    cycled_momentum: _,
                } = SgdOptions::default();
                let momentum = if kind == OptimizerKind::Sgd { momentum } else { RACING_MOMENTUM };
                let nesterov = kind == OptimizerKind::Nesterov;
                C::Sgd { lr: lr.at(0), momentum, dampening, weight_decay, nesterov }
            }
            OptimizerKind::Adagrad => {
                let AdagradOptions {
                    lr,
                    lr_decay,
                    weight_decay,
                    initial_accumulator_value,
                    eps,
                    maximize: _,
                } = AdagradOptions::default();
                C::Adagrad { lr: lr.at(0), lr_decay, weight_decay, initial_accumulator_value, eps }
            }
            OptimizerKind::Rmsprop => {
                let RmspropOptions {
                    lr,
                    alpha,
                    eps,
                    weight_decay,
                    momentum,
                    centered,
                    maximize: _,
                    cycled_momentum: _,
                } = RmspropOptions::default();
                C::Rmsprop { lr: lr.at(0), alpha, eps, weight_decay, momentum, centered }
            }
            OptimizerKind::Adadelta => {
                let AdadeltaOptions { lr, rho, eps, weight_decay, maximize: _ } = AdadeltaOptions::default();
                C::Adadelta { lr: lr.at(0), rho, eps, weight_decay }
            }
            OptimizerKind::Adam => adam(),
            OptimizerKind::AdamW => {
                let AdamWOptions { lr, betas, eps, weight_decay, amsgrad, maximize: _, cycled_momentum: _ } =
                    AdamWOptions::default();
                C::AdamW { lr: lr.at(0), betas, eps, weight_decay, amsgrad }
            }
            OptimizerKind::Adamax => {
                let AdamaxOptions { lr, betas, eps, weight_decay, maximize: _, cycled_momentum: _ } =
                    AdamaxOptions::default();
                C::Adamax { lr: lr.at(0), betas, eps, weight_decay }
            }
            OptimizerKind::Nadam => {
                let NadamOptions {
                    lr,
                    betas,
                    eps,
                    weight_decay,
                    momentum_decay,
                    decoupled_weight_decay,
                    maximize: _,
                    cycled_momentum: _,
                } = NadamOptions::default();
                C::Nadam { lr: lr.at(0), betas, eps, weight_decay, momentum_decay, decoupled_weight_decay }
            }
            OptimizerKind::Radam => {
                let RadamOptions {
                    lr,
                    betas,
                    eps,
                    weight_decay,
                    decoupled_weight_decay,
                    maximize: _,
                    cycled_momentum: _,
                } = RadamOptions::default();
                C::Radam { lr: lr.at(0), betas, eps, weight_decay, decoupled_weight_decay }
            }
            OptimizerKind::Lbfgs => {
                let rule = "a first-order optimizer: sgd, momentum, nesterov, adagrad, rmsprop, adadelta, adam, adamw, adamax, nadam or radam (L-BFGS needs a closure and is not available for training)";
                return Err(OptimError::Unsupported { what: "optimizer", name: "lbfgs".into(), rule });
            }
        })
    }
}

/// Adam with torch's defaults: the default optimizer, so it needs no fallible lookup.
fn adam() -> OptimizerConfig {
    let AdamOptions { lr, betas, eps, weight_decay, amsgrad, maximize: _, cycled_momentum: _ } =
        AdamOptions::default();
    OptimizerConfig::Adam { lr: lr.at(0), betas, eps, weight_decay, amsgrad }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn racing_names_are_sgd_with_momentum_and_lbfgs_keeps_its_message() {
        let nesterov = OptimizerConfig::from_kind(OptimizerKind::Nesterov).unwrap();
        let expected = OptimizerConfig::Sgd {
            lr: 1e-3,
            momentum: 0.9,
            dampening: 0.0,
            weight_decay: 0.0,
            nesterov: true,
        };
        // Exact: the preset's fields are literal constants (torch's defaults), no arithmetic.
        assert_eq!(nesterov, expected);
        let e = OptimizerConfig::from_kind(OptimizerKind::Lbfgs).unwrap_err().to_string();
        assert!(e.starts_with("invalid optimizer = lbfgs: must be a first-order optimizer: sgd,"), "{e}");
    }
}
