//! From optimizer flags to what a racer steps with: a preset chain, built through the same
//! `OptimizerConfig` as `downhill train` (`optimizer_config::from_flags`), or L-BFGS, which needs
//! the function as a closure, so it is not a chain and keeps its own flags here. Ranges were
//! checked in `applicability.rs`.
use super::{optimizer_config, Method};
use crate::args::OptimizerFlags;
use crate::error::CliError;
use downhill_optim::{Lbfgs, LbfgsOptions, Lr, OptimizerConfig, OptimizerKind};

/// torch's default learning rate for `kind`.
pub fn default_lr(kind: OptimizerKind) -> f64 {
    match OptimizerConfig::from_kind(kind) {
        Ok(config) => config.lr(),
        Err(_) => LbfgsOptions::default().lr, // the one kind without a chain
    }
}

/// Builds `kind` with learning rate `lr` and the flags; unset flags take torch's defaults.
/// L-BFGS takes no schedule (`config.rs` rejects one), so it uses `lr` at step 0. `momentum` is
/// onecycle's cycled momentum (beta1), if any.
pub fn build(
    kind: OptimizerKind,
    h: &OptimizerFlags,
    lr: Lr,
    momentum: Option<Lr>,
) -> Result<Method, CliError> {
    if kind == OptimizerKind::Lbfgs {
        return lbfgs(h, lr.at(0));
    }
    let config = optimizer_config::from_flags(kind, h)?;
    config
        .build_with(lr, momentum, h.maximize)
        .map(Method::Chain)
        .map_err(|source| CliError::Optim { context: format!("--optimizer {kind}"), source })
}

fn lbfgs(h: &OptimizerFlags, lr: f64) -> Result<Method, CliError> {
    let d = LbfgsOptions::default();
    let options = LbfgsOptions {
        lr,
        max_iter: h.max_iter.unwrap_or(d.max_iter),
        max_eval: h.max_eval.or(d.max_eval),
        tolerance_grad: h.tolerance_grad.unwrap_or(d.tolerance_grad),
        tolerance_change: h.tolerance_change.unwrap_or(d.tolerance_change),
        history_size: h.history_size.unwrap_or(d.history_size),
        line_search: h.line_search_fn.unwrap_or(d.line_search),
    };
    let solver = Lbfgs::new(options)
        .map_err(|source| CliError::Optim { context: "--optimizer lbfgs".into(), source })?;
    Ok(Method::Lbfgs(solver))
}
