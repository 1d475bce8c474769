//! From optimizer flags to what a racer steps with: a preset chain, built through the same
//! `OptimizerConfig` as `downhill train` (`optimizer_config::choice`), or L-BFGS, which needs the
//! function as a closure, so it is not a chain. Ranges were checked in `applicability.rs`.
use super::{optimizer_config, Method};
use crate::args::OptimizerFlags;
use crate::error::CliError;
use downhill_optim::{Lbfgs, Lr, OptimizerChoice, OptimizerKind, Value};

/// torch's default learning rate for `kind`.
pub fn default_lr(kind: OptimizerKind) -> f64 {
    match kind.options().into_iter().find(|o| o.name == "lr").and_then(|o| o.value) {
        Some(Value::Float(lr)) => lr,
        _ => unreachable!("every optimizer's table has a float `lr`"),
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
    let context = || format!("--optimizer {kind}");
    match optimizer_config::choice(kind, h)? {
        OptimizerChoice::Chain { config, maximize, lookahead } => {
            let chain = config.build_with(lr, momentum, maximize);
            let chain = match lookahead {
                Some(l) => chain.and_then(|c| l.wrap(c)),
                None => chain,
            };
            chain.map(Method::Chain).map_err(|source| CliError::Optim { context: context(), source })
        }
        OptimizerChoice::Lbfgs(options) => {
            Lbfgs::new(downhill_optim::LbfgsOptions { lr: lr.at(0), ..options })
                .map(Method::Lbfgs)
                .map_err(|source| CliError::Optim { context: context(), source })
        }
    }
}
