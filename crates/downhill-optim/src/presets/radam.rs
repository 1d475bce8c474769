//! RAdam as `torch.optim.RAdam` (rectified when rho_t > 5, optional decoupled decay):
//!   g <- -g (maximize);  coupled: g <- g + wd p;  u as in `ScaleByRadam`
//!   decoupled: p <- p (1 - lr_t wd) then p <- p - lr_t u   (== p - lr_t (u + wd p))
//! Chain: [Negate] [AddDecayedWeights coupled] ScaleByRadam [AddDecayedWeights decoupled] ScaleByLr.
use crate::error::OptimError;
use crate::presets::adam::check_adam_like;
use crate::transforms::maybe_cycled;
use crate::{AddDecayedWeights, Chain, Lr, Negate, ScaleByLr, ScaleByRadam};

/// `torch.optim.RAdam`'s arguments; `Default` is torch's defaults.
#[derive(Clone, Debug)]
pub struct RadamOptions {
    pub lr: Lr,
    pub betas: (f64, f64),
    pub eps: f64,
    pub weight_decay: f64,
    pub decoupled_weight_decay: bool,
    /// torch `OneCycleLR(cycle_momentum=True)`: the momentum (beta1) for each step from this schedule
    /// instead of the constant; `None` (the default) keeps it constant.
    pub cycled_momentum: Option<Lr>,
    pub maximize: bool,
}

impl Default for RadamOptions {
    fn default() -> Self {
        RadamOptions {
            lr: 1e-3.into(),
            betas: (0.9, 0.999),
            eps: 1e-8,
            weight_decay: 0.0,
            decoupled_weight_decay: false,
            maximize: false,
            cycled_momentum: None,
        }
    }
}

/// Builds RAdam.
///
/// ```
/// use downhill_optim::{radam, RadamOptions};
/// assert!(radam(RadamOptions::default()).is_ok());
/// ```
pub fn radam(o: RadamOptions) -> Result<Chain, OptimError> {
    check_adam_like(&o.lr, o.betas, o.eps, o.weight_decay)?;
    let mut tx = Chain::default();
    if o.maximize {
        tx = tx.then(Negate);
    }
    let decay = (o.weight_decay != 0.0).then_some(AddDecayedWeights(o.weight_decay));
    if let (Some(d), false) = (decay, o.decoupled_weight_decay) {
        tx = tx.then(d);
    }
    let (b1, b2) = o.betas;
    tx = tx.then(maybe_cycled(ScaleByRadam { b1, b2, eps: o.eps }, o.cycled_momentum));
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
        let o = RadamOptions::default();
        assert!((o.lr.at(0) - 1e-3).abs() < 1e-18 && o.betas == (0.9, 0.999) && (o.eps - 1e-8).abs() < 1e-20);
        assert!(o.weight_decay == 0.0 && !o.decoupled_weight_decay && !o.maximize);
    }
}
