//! How training descends: a first-order optimizer (`TrainConfig::optimizer`: one step per batch,
//! the default) or full-batch L-BFGS, torch's `LBFGS` driven by a closure over every training row:
//! one outer `step` (up to `max_iter` iterations) per epoch. Training defaults its line search to
//! strong Wolfe (torch's `line_search_fn="strong_wolfe"`), since fixed steps of lr 1 overshoot on
//! most losses. L-BFGS has converged when a step ends before its iteration and evaluation budgets
//! (its `tolerance_grad` or `tolerance_change` was met): training then stops
//! (`StopReason::Converged`).
use crate::LearnError;
use downhill_optim::{Described, LbfgsOptions, LineSearch};
use serde::{Deserialize, Serialize};

/// How training descends: a first-order optimizer (the default) or full-batch L-BFGS; serialised as `{"name":
/// "first_order"}` or `{"name": "lbfgs", ...}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "name")]
pub enum Solver {
    /// One optimizer step per batch, with `TrainConfig::optimizer` (the default).
    #[default]
    FirstOrder,
    /// One L-BFGS `step` per epoch over every training row, with these options.
    Lbfgs(LbfgsOptions),
}

impl Solver {
    /// L-BFGS as training runs it: torch's defaults with the strong-Wolfe line search.
    pub fn lbfgs() -> Solver {
        Solver::Lbfgs(Solver::lbfgs_options())
    }

    /// The options of `Solver::lbfgs`.
    pub fn lbfgs_options() -> LbfgsOptions {
        LbfgsOptions { line_search: LineSearch::StrongWolfe, ..LbfgsOptions::default() }
    }

    /// Whether this is the first-order optimizer.
    pub fn is_first_order(&self) -> bool {
        *self == Solver::FirstOrder
    }

    pub(crate) fn validate(&self) -> Result<(), LearnError> {
        match self {
            Solver::FirstOrder => Ok(()),
            Solver::Lbfgs(o) => Ok(o.validate()?),
        }
    }
}
