//! Which optimizer flags apply to which optimizers, and their ranges. A flag applies to the
//! optimizers whose torch class has that argument; giving it with a chosen optimizer that has no such
//! argument is an error, in a race too (it would otherwise be silently ignored for some runners).
use super::{checks, presets::default_lr};
use crate::args::OptimizerFlags;
use crate::error::CliError;
use downhill_optim::OptimizerKind::{self, *};

const ADAM_FAMILY: &[OptimizerKind] = &[Adam, AdamW, Adamax, Nadam, Radam];
const WITH_EPS: &[OptimizerKind] = &[Adagrad, Rmsprop, Adadelta, Adam, AdamW, Adamax, Nadam, Radam];
const FIRST_ORDER: &[OptimizerKind] =
    &[Sgd, Momentum, Nesterov, Adagrad, Rmsprop, Adadelta, Adam, AdamW, Adamax, Nadam, Radam];

/// Flags that only some optimizers take (`--lr` applies to all).
const APPLIES_TO: [(&str, &[OptimizerKind]); 22] = [
    ("--weight-decay", FIRST_ORDER),
    ("--maximize", FIRST_ORDER),
    ("--momentum", &[Sgd, Momentum, Nesterov, Rmsprop]),
    ("--dampening", &[Sgd, Momentum]),
    ("--nesterov", &[Sgd]),
    ("--beta1", ADAM_FAMILY),
    ("--beta2", ADAM_FAMILY),
    ("--eps", WITH_EPS),
    ("--alpha", &[Rmsprop]),
    ("--centered", &[Rmsprop]),
    ("--amsgrad", &[Adam, AdamW]),
    ("--lr-decay", &[Adagrad]),
    ("--initial-accumulator-value", &[Adagrad]),
    ("--rho", &[Adadelta]),
    ("--momentum-decay", &[Nadam]),
    ("--decoupled-weight-decay", &[Nadam, Radam]),
    ("--max-iter", &[Lbfgs]),
    ("--max-eval", &[Lbfgs]),
    ("--tolerance-grad", &[Lbfgs]),
    ("--tolerance-change", &[Lbfgs]),
    ("--history-size", &[Lbfgs]),
    ("--line-search-fn", &[Lbfgs]),
];

/// The optimizer-specific flags that were given.
fn given(h: &OptimizerFlags) -> Vec<&'static str> {
    let set = [
        h.weight_decay.is_some(),
        h.maximize,
        h.momentum.is_some(),
        h.dampening.is_some(),
        h.nesterov,
        h.beta1.is_some(),
        h.beta2.is_some(),
        h.eps.is_some(),
        h.alpha.is_some(),
        h.centered,
        h.amsgrad,
        h.lr_decay.is_some(),
        h.initial_accumulator_value.is_some(),
        h.rho.is_some(),
        h.momentum_decay.is_some(),
        h.decoupled_weight_decay,
        h.max_iter.is_some(),
        h.max_eval.is_some(),
        h.tolerance_grad.is_some(),
        h.tolerance_change.is_some(),
        h.history_size.is_some(),
        h.line_search_fn.is_some(),
    ];
    APPLIES_TO.iter().zip(set).filter(|(_, s)| *s).map(|((flag, _), _)| *flag).collect()
}

fn names(kinds: &[OptimizerKind]) -> String {
    kinds.iter().map(|k| k.name()).collect::<Vec<_>>().join(", ")
}

/// Checks ranges, and that every given flag applies to every chosen optimizer.
pub fn validate(h: &OptimizerFlags, chosen: &[OptimizerKind]) -> Result<(), CliError> {
    checks::non_negative("--lr", h.lr)?;
    checks::non_negative("--momentum", h.momentum)?;
    checks::non_negative("--dampening", h.dampening)?;
    checks::non_negative("--weight-decay", h.weight_decay)?;
    checks::unit_open("--beta1", h.beta1)?;
    checks::unit_open("--beta2", h.beta2)?;
    checks::non_negative("--eps", h.eps)?;
    checks::unit_closed("--alpha", h.alpha)?;
    checks::non_negative("--lr-decay", h.lr_decay)?;
    checks::non_negative("--initial-accumulator-value", h.initial_accumulator_value)?;
    checks::unit_closed("--rho", h.rho)?;
    checks::non_negative("--momentum-decay", h.momentum_decay)?;
    checks::non_negative("--tolerance-grad", h.tolerance_grad)?;
    checks::non_negative("--tolerance-change", h.tolerance_change)?;
    for (flag, n) in
        [("--max-iter", h.max_iter), ("--max-eval", h.max_eval), ("--history-size", h.history_size)]
    {
        checks::at_least_one(flag, n.map(|n| n as u64))?;
    }
    for flag in given(h) {
        let applies = APPLIES_TO.iter().find(|(f, _)| *f == flag).map_or(&[][..], |(_, k)| *k);
        if let Some(k) = chosen.iter().find(|k| !applies.contains(k)) {
            return Err(CliError::NotApplicable {
                flag,
                chosen: k.name().into(),
                applies_to: names(applies),
            });
        }
    }
    Ok(())
}

/// One line per optimizer with the optimizer-specific flags it takes, for `--optimizer help`.
pub fn help() -> String {
    let mut out =
        String::from("optimizers (all take --lr, --weight-decay, --maximize; NAME:LR sets a racer's lr):\n");
    for name in OptimizerKind::all_names() {
        let Ok(kind) = name.parse::<OptimizerKind>() else { continue };
        let flags: Vec<&str> =
            APPLIES_TO.iter().filter(|(_, k)| k.contains(&kind)).map(|(f, _)| *f).collect();
        let lr = format!("default lr {}", default_lr(kind));
        out.push_str(format!("  {name:<9} {lr:<17} {}", flags.join(" ")).trim_end());
        out.push('\n');
    }
    out
}
