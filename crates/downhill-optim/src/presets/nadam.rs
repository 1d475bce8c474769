//! NAdam as `torch.optim.NAdam` (momentum decay psi, mu product, optional decoupled decay):
//!   g <- -g (maximize);  coupled: g <- g + wd p;  u as in `ScaleByNadam`
//!   decoupled: p <- p (1 - lr_t wd) then p <- p - lr_t u   (== p - lr_t (u + wd p))
//! Chain: [Negate] [AddDecayedWeights coupled] ScaleByNadam [AddDecayedWeights decoupled] ScaleByLr.
use crate::error::{check_non_negative, OptimError};
use crate::presets::adam::check_adam_like;
use crate::transforms::maybe_cycled;
use crate::{AddDecayedWeights, Chain, Lr, Negate, ScaleByLr, ScaleByNadam};

/// `torch.optim.NAdam`'s arguments; `Default` is torch's defaults (lr 2e-3, momentum_decay 4e-3).
#[derive(Clone, Debug)]
pub struct NadamOptions {
    pub lr: Lr,
    pub betas: (f64, f64),
    pub eps: f64,
    pub weight_decay: f64,
    pub momentum_decay: f64,
    pub decoupled_weight_decay: bool,
    /// torch `OneCycleLR(cycle_momentum=True)`: the momentum (beta1) for each step from this schedule
    /// instead of the constant; `None` (the default) keeps it constant.
    pub cycled_momentum: Option<Lr>,
    pub maximize: bool,
}

impl Default for NadamOptions {
    fn default() -> Self {
        NadamOptions {
            lr: 2e-3.into(),
            betas: (0.9, 0.999),
            eps: 1e-8,
            weight_decay: 0.0,
            momentum_decay: 4e-3,
            decoupled_weight_decay: false,
            maximize: false,
            cycled_momentum: None,
        }
    }
}

/// Builds NAdam.
///
/// ```
/// use downhill_optim::{nadam, NadamOptions};
/// assert!(nadam(NadamOptions { weight_decay: 0.1, decoupled_weight_decay: true, ..Default::default() }).is_ok());
/// ```
pub fn nadam(o: NadamOptions) -> Result<Chain, OptimError> {
    check_adam_like(&o.lr, o.betas, o.eps, o.weight_decay)?;
    check_non_negative("momentum_decay", o.momentum_decay)?;
    let mut tx = Chain::default();
    if o.maximize {
        tx = tx.then(Negate);
    }
    let decay = (o.weight_decay != 0.0).then_some(AddDecayedWeights(o.weight_decay));
    if let (Some(d), false) = (decay, o.decoupled_weight_decay) {
        tx = tx.then(d);
    }
    let (b1, b2) = o.betas;
    let nadam = ScaleByNadam { b1, b2, eps: o.eps, momentum_decay: o.momentum_decay };
    tx = tx.then(maybe_cycled(nadam, o.cycled_momentum));
    if let (Some(d), true) = (decay, o.decoupled_weight_decay) {
        tx = tx.then(d);
    }
    Ok(tx.then(ScaleByLr::new(o.lr)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_torch() {
        let o = NadamOptions::default();
        assert!((o.lr.at(0) - 2e-3).abs() < 1e-18 && o.betas == (0.9, 0.999) && (o.eps - 1e-8).abs() < 1e-20);
        assert!(o.weight_decay == 0.0 && (o.momentum_decay - 4e-3).abs() < 1e-18);
        assert!(!o.decoupled_weight_decay && !o.maximize);
    }
}
