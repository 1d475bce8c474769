//! Weight decay as a link a preset composes: where `AddDecayedWeights(wd)` sits decides its kind
//! (see `transforms/weight_decay.rs`), so every preset's chain reads
//!   [wd, coupled] core [wd, decoupled] ScaleByLr(lr)
//! and a decay of 0 adds no link at all (the fused step then has nothing to skip).
use crate::{AddDecayedWeights, Chain, Lr, ScaleByLr};

/// Where the decay goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Decay {
    /// L2: added to the gradient before the core rescales it (torch's `weight_decay`).
    Coupled,
    /// AdamW-style: added to the core's update, so it is scaled by the rate only.
    Decoupled,
}

impl Decay {
    /// torch's `decoupled_weight_decay` switch.
    pub(crate) fn from_switch(decoupled: bool) -> Decay {
        if decoupled {
            Decay::Decoupled
        } else {
            Decay::Coupled
        }
    }
}

/// `core` with weight decay `weight_decay` placed as `decay` says, then the rate `lr`.
pub(crate) fn compose(core: Chain, weight_decay: f64, decay: Decay, lr: Lr) -> Chain {
    let mut tx = Chain::default();
    let link = (weight_decay != 0.0).then_some(AddDecayedWeights(weight_decay));
    if let (Some(d), Decay::Coupled) = (link, decay) {
        tx = tx.then(d);
    }
    tx.0.extend(core.0);
    if let (Some(d), Decay::Decoupled) = (link, decay) {
        tx = tx.then(d);
    }
    tx.then(ScaleByLr::new(lr))
}
