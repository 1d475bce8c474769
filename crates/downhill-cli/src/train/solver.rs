//! Full-batch L-BFGS in train: `--optimizer lbfgs`, or an estimator whose default it is (logistic
//! and softmax regression). Its torch-named flags (`--lr`, `--max-iter`, `--history-size`,
//! `--tolerance-grad`, `--line-search-fn`, ...) are checked by `optimize`'s rules and set by the same
//! function; unset, they keep the estimator's L-BFGS (torch's defaults with the strong-Wolfe line
//! search). The flags that shape first-order steps (batches, accumulation, schedules, clipping)
//! are refused in one line instead of ignored.
use crate::args::TrainArgs;
use crate::error::CliError;
use crate::optimize::{lbfgs_with_flags, validate_optimizer_flags};
use downhill_learn::Solver;
use downhill_optim::{OptimizerKind, Value};

/// The solver `args` choose over the estimator's `default`: `None` for a first-order optimizer.
pub fn lbfgs(args: &TrainArgs, default: &Solver) -> Result<Option<Solver>, CliError> {
    let named = args.optimizer.as_deref().map(|n| n == OptimizerKind::Lbfgs.name());
    let base = match (named, default) {
        (Some(true) | None, Solver::Lbfgs(o)) => o.clone(),
        (Some(true), Solver::FirstOrder) => Solver::lbfgs_options(),
        _ => return Ok(None),
    };
    let d = &args.descent;
    super::optimizer::refuse_maximize(&d.hyper)?;
    validate_optimizer_flags(&d.hyper, &[OptimizerKind::Lbfgs])?;
    let s = &args.stopping;
    let refused = [
        ("--lr auto", d.hyper.lr_auto),
        ("--ema", args.ema.is_some()),
        ("--swa-start", args.swa.on()),
        ("--batch-size", s.has("batch_size") && s.word("batch_size").is_none()),
        ("--accumulate", s.get("accumulate").is_some_and(|n| *n != Value::Count(1))),
        ("--schedule", d.schedule.schedule.is_some()),
        ("--schedule-per", s.has("schedule_per")),
        ("--clip-norm", d.clip.clip_norm.is_some()),
        ("--clip-value", d.clip.clip_value.is_some()),
    ];
    if let Some((flag, _)) = refused.iter().find(|(_, given)| *given) {
        let chosen = match args.optimizer {
            Some(_) => "--optimizer lbfgs".to_string(),
            None => "this model's default, full-batch L-BFGS (scikit-learn's lbfgs solver),".to_string(),
        };
        return Err(CliError::Usage(format!(
            "{flag} does not apply to {chosen} which takes every training row at once with its own step \
             lengths; drop {flag}, or choose a first-order --optimizer (e.g. adam)"
        )));
    }
    Ok(Some(Solver::Lbfgs(lbfgs_with_flags(base, &d.hyper)?)))
}
