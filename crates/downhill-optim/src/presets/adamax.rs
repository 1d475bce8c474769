//! Adamax as `torch.optim.Adamax`:
//!   g <- -g (maximize);  g <- g + wd p;  m <- m + (1 - b1)(g - m);  n <- max(b2 n, |g| + eps)
//!   p <- p - lr_t / (1 - b1^t) * m / n
//! Chain: [Negate] [AddDecayedWeights(wd)] ScaleByAdamax ScaleByLr.
use crate::error::OptimError;
use crate::presets::adam::check_adam_like;
use crate::transforms::maybe_cycled;
use crate::{AddDecayedWeights, Chain, Lr, Negate, ScaleByAdamax, ScaleByLr};

/// `torch.optim.Adamax`'s arguments; `Default` is torch's defaults (lr 2e-3).
#[derive(Clone, Debug)]
pub struct AdamaxOptions {
    pub lr: Lr,
    pub betas: (f64, f64),
    pub eps: f64,
    pub weight_decay: f64,
    /// torch `OneCycleLR(cycle_momentum=True)`: the momentum (beta1) for each step from this schedule
    /// instead of the constant; `None` (the default) keeps it constant.
    pub cycled_momentum: Option<Lr>,
    pub maximize: bool,
}

impl Default for AdamaxOptions {
    fn default() -> Self {
        AdamaxOptions {
            lr: 2e-3.into(),
            betas: (0.9, 0.999),
            eps: 1e-8,
            weight_decay: 0.0,
            maximize: false,
            cycled_momentum: None,
        }
    }
}

/// Builds Adamax.
///
/// ```
/// use downhill_optim::{adamax, AdamaxOptions};
/// assert!(adamax(AdamaxOptions::default()).is_ok());
/// ```
pub fn adamax(o: AdamaxOptions) -> Result<Chain, OptimError> {
    check_adam_like(&o.lr, o.betas, o.eps, o.weight_decay)?;
    let mut tx = Chain::default();
    if o.maximize {
        tx = tx.then(Negate);
    }
    if o.weight_decay != 0.0 {
        tx = tx.then(AddDecayedWeights(o.weight_decay));
    }
    let (b1, b2) = o.betas;
    let adamax = maybe_cycled(ScaleByAdamax { b1, b2, eps: o.eps }, o.cycled_momentum);
    Ok(tx.then(adamax).then(ScaleByLr::new(o.lr)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_torch() {
        let o = AdamaxOptions::default();
        assert!((o.lr.at(0) - 2e-3).abs() < 1e-18 && o.betas == (0.9, 0.999));
        assert!((o.eps - 1e-8).abs() < 1e-20 && o.weight_decay == 0.0 && !o.maximize);
    }
}
