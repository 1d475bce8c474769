//! From the optimizer flags to an `OptimizerConfig`, one function for `downhill optimize` and
//! `downhill train`, so the same flags give the same optimizer in both. Unset flags keep the
//! config's values: torch's defaults (`OptimizerConfig::from_kind`; `momentum` and `nesterov` are
//! SGD with momentum 0.9), or an estimator's own default in `train`. Each given flag was checked to
//! apply to the chosen optimizer (`applicability.rs`). `--maximize` is not part of the config: it
//! picks `build_maximizing` in `optimize`, and `train` refuses it.
use crate::args::OptimizerFlags;
use crate::error::CliError;
use downhill_optim::{OptimizerConfig, OptimizerKind};

/// torch's defaults for `kind`; L-BFGS, which is not a chain, is an error naming `--optimizer`.
pub fn from_kind(kind: OptimizerKind) -> Result<OptimizerConfig, CliError> {
    OptimizerConfig::from_kind(kind)
        .map_err(|source| CliError::Optim { context: format!("--optimizer {kind}"), source })
}

/// torch's defaults for `kind` with every given flag applied.
pub fn from_flags(kind: OptimizerKind, h: &OptimizerFlags) -> Result<OptimizerConfig, CliError> {
    Ok(with_flags(from_kind(kind)?, h))
}

/// `c` with every given flag applied (each was checked to apply to `c`'s optimizer).
pub fn with_flags(mut c: OptimizerConfig, h: &OptimizerFlags) -> OptimizerConfig {
    use OptimizerConfig as C;
    let set = |v: &mut f64, flag: Option<f64>| *v = flag.unwrap_or(*v);
    let betas = |b: &mut (f64, f64)| *b = (h.beta1.unwrap_or(b.0), h.beta2.unwrap_or(b.1));
    match &mut c {
        C::Sgd { momentum, dampening, weight_decay, nesterov, .. } => {
            set(momentum, h.momentum);
            set(dampening, h.dampening);
            set(weight_decay, h.weight_decay);
            *nesterov |= h.nesterov;
        }
        C::Adagrad { lr_decay, weight_decay, initial_accumulator_value, eps, .. } => {
            set(lr_decay, h.lr_decay);
            set(weight_decay, h.weight_decay);
            set(initial_accumulator_value, h.initial_accumulator_value);
            set(eps, h.eps);
        }
        C::Rmsprop { alpha, eps, weight_decay, momentum, centered, .. } => {
            set(alpha, h.alpha);
            set(eps, h.eps);
            set(weight_decay, h.weight_decay);
            set(momentum, h.momentum);
            *centered |= h.centered;
        }
        C::Adadelta { rho, eps, weight_decay, .. } => {
            set(rho, h.rho);
            set(eps, h.eps);
            set(weight_decay, h.weight_decay);
        }
        C::Adam { betas: b, eps, weight_decay, amsgrad, .. }
        | C::AdamW { betas: b, eps, weight_decay, amsgrad, .. } => {
            betas(b);
            set(eps, h.eps);
            set(weight_decay, h.weight_decay);
            *amsgrad |= h.amsgrad;
        }
        C::Adamax { betas: b, eps, weight_decay, .. } => {
            betas(b);
            set(eps, h.eps);
            set(weight_decay, h.weight_decay);
        }
        C::Nadam { betas: b, eps, weight_decay, momentum_decay, decoupled_weight_decay, .. } => {
            betas(b);
            set(eps, h.eps);
            set(weight_decay, h.weight_decay);
            set(momentum_decay, h.momentum_decay);
            *decoupled_weight_decay |= h.decoupled_weight_decay;
        }
        C::Radam { betas: b, eps, weight_decay, decoupled_weight_decay, .. } => {
            betas(b);
            set(eps, h.eps);
            set(weight_decay, h.weight_decay);
            *decoupled_weight_decay |= h.decoupled_weight_decay;
        }
    }
    match h.lr {
        Some(lr) => c.with_lr(lr),
        None => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_override_torch_defaults_and_racing_names_keep_their_momentum() {
        let h = OptimizerFlags { lr: Some(0.05), dampening: Some(0.1), ..Default::default() };
        let expected = OptimizerConfig::Sgd {
            lr: 0.05,
            momentum: 0.9,
            dampening: 0.1,
            weight_decay: 0.0,
            nesterov: false,
        };
        // Exact: configs hold the flags' literals and torch's defaults, no arithmetic.
        assert_eq!(from_flags(OptimizerKind::Momentum, &h).unwrap(), expected);
        let h = OptimizerFlags { beta2: Some(0.99), amsgrad: true, ..Default::default() };
        let OptimizerConfig::AdamW { lr, betas, amsgrad, .. } = from_flags(OptimizerKind::AdamW, &h).unwrap()
        else {
            panic!("adamw")
        };
        assert_eq!((lr, betas, amsgrad), (1e-3, (0.9, 0.99), true));
        let e = from_flags(OptimizerKind::Lbfgs, &h).unwrap_err().to_string();
        assert!(e.starts_with("--optimizer lbfgs: invalid optimizer = lbfgs"), "{e}");
    }
}
