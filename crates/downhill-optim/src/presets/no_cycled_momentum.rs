//! torch's `OneCycleLR(cycle_momentum=True)` refuses optimizers whose defaults hold neither a
//! `momentum` nor `betas`; the presets without them (Adagrad, Adadelta, Rprop, ASGD, Adafactor)
//! refuse a cycled momentum with this error.
use crate::{Lr, OptimError};

/// An error naming `cycle_momentum` when one is given.
pub(crate) fn no_cycled_momentum(cycled: &Option<Lr>) -> Result<(), OptimError> {
    match cycled {
        None => Ok(()),
        Some(_) => Err(OptimError::Conflict {
            option: "cycle_momentum",
            reason: "needs an optimizer with momentum or beta1 (as in torch)",
        }),
    }
}
