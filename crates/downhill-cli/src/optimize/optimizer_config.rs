//! From the optimizer flags to an `OptimizerChoice` / `OptimizerConfig`, one function for
//! `downhill optimize` and `downhill train`, so the same flags give the same optimizer in both.
//! Unset flags keep the config's values: torch's defaults (`OptimizerConfig::from_kind`), or an
//! estimator's own default in `train`. Each given flag was checked to apply to the chosen
//! optimizer (`applicability.rs`); the library sets it by name.
use crate::args::OptimizerFlags;
use crate::error::CliError;
use downhill_optim::{LbfgsOptions, LookaheadOptions, OptimizerChoice, OptimizerConfig, OptimizerKind};

/// torch's defaults for `kind`; L-BFGS, which is not a chain, is an error naming `--optimizer`.
pub fn from_kind(kind: OptimizerKind) -> Result<OptimizerConfig, CliError> {
    OptimizerConfig::from_kind(kind)
        .map_err(|source| CliError::Optim { context: format!("--optimizer {kind}"), source })
}

/// `kind` with torch's defaults and every given flag applied (`--maximize` included).
pub fn choice(kind: OptimizerKind, h: &OptimizerFlags) -> Result<OptimizerChoice, CliError> {
    apply(OptimizerChoice::new(kind), h, kind.name())
}

/// torch's defaults for `kind` with every given flag applied.
#[cfg(test)]
pub fn from_flags(kind: OptimizerKind, h: &OptimizerFlags) -> Result<OptimizerConfig, CliError> {
    with_flags(from_kind(kind)?, h)
}

/// `c` with every given flag applied; `--maximize`, a link and not an option of the config, is
/// left to the caller (`train` refuses it before it gets here), and so is Lookahead (`lookahead`).
#[cfg(test)]
pub fn with_flags(c: OptimizerConfig, h: &OptimizerFlags) -> Result<OptimizerConfig, CliError> {
    Ok(with_wrappers(c, h)?.0)
}

/// `c` with every given flag applied, and the Lookahead the flags ask for.
pub fn with_wrappers(
    c: OptimizerConfig,
    h: &OptimizerFlags,
) -> Result<(OptimizerConfig, Option<LookaheadOptions>), CliError> {
    let name = c.name();
    match apply(OptimizerChoice::Chain { config: c, maximize: false, lookahead: None }, h, name)? {
        OptimizerChoice::Chain { config, lookahead, .. } => Ok((config, lookahead)),
        OptimizerChoice::Lbfgs(_) => unreachable!("a chain's config stays a chain"),
    }
}

/// L-BFGS's options `o` with every given flag applied.
pub fn lbfgs_with_flags(o: LbfgsOptions, h: &OptimizerFlags) -> Result<LbfgsOptions, CliError> {
    match apply(OptimizerChoice::Lbfgs(o), h, "lbfgs")? {
        OptimizerChoice::Lbfgs(options) => Ok(options),
        OptimizerChoice::Chain { .. } => unreachable!("L-BFGS's options stay L-BFGS's"),
    }
}

/// Every given flag set on `choice` (the optimizer `--optimizer NAME` chose), by option name.
fn apply(mut choice: OptimizerChoice, h: &OptimizerFlags, name: &str) -> Result<OptimizerChoice, CliError> {
    for (option, value) in &h.given {
        choice
            .set(option, value.clone())
            .map_err(|source| CliError::Optim { context: format!("--optimizer {name}"), source })?;
    }
    Ok(choice)
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_optim::{AdamWOptions, SgdOptions, Value};

    #[test]
    fn flags_override_torch_defaults_and_racing_names_keep_their_momentum() {
        let h = OptimizerFlags::of(&[("lr", Value::Float(0.05)), ("dampening", Value::Float(0.1))]);
        let expected =
            SgdOptions { lr: 0.05, momentum: 0.9, dampening: 0.1, weight_decay: 0.0, nesterov: false };
        // Exact: configs hold the flags' literals and torch's defaults, no arithmetic.
        assert_eq!(from_flags(OptimizerKind::Momentum, &h).unwrap(), OptimizerConfig::Sgd(expected));
        let h = OptimizerFlags::of(&[("beta2", Value::Float(0.99)), ("amsgrad", Value::Switch(true))]);
        let OptimizerConfig::AdamW(AdamWOptions { lr, betas, amsgrad, .. }) =
            from_flags(OptimizerKind::AdamW, &h).unwrap()
        else {
            panic!("adamw")
        };
        assert_eq!((lr, betas, amsgrad), (1e-3, (0.9, 0.99), true));
        let e = from_flags(OptimizerKind::Lbfgs, &h).unwrap_err().to_string();
        assert!(e.starts_with("--optimizer lbfgs: invalid optimizer = lbfgs"), "{e}");
    }
}
