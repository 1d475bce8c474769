//! From the optimizer flags to an `OptimizerConfig` (or L-BFGS's options) for `downhill train`;
//! `downhill optimize` sets the same flags through the same library call
//! (`OptimizerChoice::with_given`), so the same flags give the same optimizer in both. Unset flags
//! keep the config's values: torch's defaults, or an estimator's own default in `train`. Each
//! given flag was checked to apply to the chosen optimizer (`applicability.rs`).
use crate::args::OptimizerFlags;
use crate::error::CliError;
use downhill_optim::{LbfgsOptions, LookaheadOptions, OptimError, OptimizerChoice, OptimizerConfig};

/// torch's defaults for `kind`; L-BFGS, which is not a chain, is an error naming `--optimizer`.
pub fn from_kind(kind: downhill_optim::OptimizerKind) -> Result<OptimizerConfig, CliError> {
    OptimizerConfig::from_kind(kind).map_err(|source| in_optimizer(kind.name(), source))
}

/// `c` with every given flag applied, and the Lookahead the flags ask for; `--maximize`, a link
/// and not an option of the config, is left to the caller (`train` refuses it first).
pub fn with_wrappers(
    c: OptimizerConfig,
    h: &OptimizerFlags,
) -> Result<(OptimizerConfig, Option<LookaheadOptions>), CliError> {
    let name = c.name();
    let chain = OptimizerChoice::Chain { config: c, maximize: false, lookahead: None };
    match chain.with_given(&h.given) {
        Ok(OptimizerChoice::Chain { config, lookahead, .. }) => Ok((config, lookahead)),
        Ok(OptimizerChoice::Lbfgs(_)) => unreachable!("a chain's config stays a chain"),
        Err(source) => Err(in_optimizer(name, source)),
    }
}

/// L-BFGS's options `o` with every given flag applied.
pub fn lbfgs_with_flags(o: LbfgsOptions, h: &OptimizerFlags) -> Result<LbfgsOptions, CliError> {
    match OptimizerChoice::Lbfgs(o).with_given(&h.given) {
        Ok(OptimizerChoice::Lbfgs(options)) => Ok(options),
        Ok(OptimizerChoice::Chain { .. }) => unreachable!("L-BFGS's options stay L-BFGS's"),
        Err(source) => Err(in_optimizer(downhill_optim::OptimizerKind::Lbfgs.name(), source)),
    }
}

fn in_optimizer(name: &str, source: OptimError) -> CliError {
    CliError::Optim { context: format!("--optimizer {name}"), source }
}
