//! AdamW (Loshchilov & Hutter 2019) as `torch.optim.AdamW`:
//!   p <- p (1 - lr_t wd);   p <- p - lr_t / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
//! written as `p <- p - lr_t (adam_u + wd p)` with the *scheduled* lr_t, which is the same update.
//! Chain: [Negate] ScaleByAdam AddDecayedWeights(wd) ScaleByLr.
use crate::error::OptimError;
use crate::presets::adam::check_adam_like;
use crate::transforms::maybe_cycled;
use crate::{AddDecayedWeights, Chain, Lr, Negate, ScaleByAdam, ScaleByLr};

/// `torch.optim.AdamW`'s arguments; `Default` is torch's defaults (weight decay 0.01).
#[derive(Clone, Debug)]
pub struct AdamWOptions {
    pub lr: Lr,
    pub betas: (f64, f64),
    pub eps: f64,
    pub weight_decay: f64,
    pub amsgrad: bool,
    /// torch `OneCycleLR(cycle_momentum=True)`: the momentum (beta1) for each step from this schedule
    /// instead of the constant; `None` (the default) keeps it constant.
    pub cycled_momentum: Option<Lr>,
    pub maximize: bool,
}

impl Default for AdamWOptions {
    fn default() -> Self {
        AdamWOptions {
            lr: 1e-3.into(),
            betas: (0.9, 0.999),
            eps: 1e-8,
            weight_decay: 1e-2,
            amsgrad: false,
            maximize: false,
            cycled_momentum: None,
        }
    }
}

/// Builds AdamW.
///
/// ```
/// use downhill_optim::{adamw, AdamWOptions, Lr, Cosine};
/// let lr = Lr::new(Cosine { base: 1e-3, eta_min: 0.0, t_max: 1000 });
/// assert!(adamw(AdamWOptions { lr, ..Default::default() }).is_ok());
/// ```
pub fn adamw(o: AdamWOptions) -> Result<Chain, OptimError> {
    check_adam_like(&o.lr, o.betas, o.eps, o.weight_decay)?;
    let mut tx = Chain::default();
    if o.maximize {
        tx = tx.then(Negate);
    }
    let (b1, b2) = o.betas;
    tx = tx.then(maybe_cycled(ScaleByAdam { b1, b2, eps: o.eps, amsgrad: o.amsgrad }, o.cycled_momentum));
    if o.weight_decay != 0.0 {
        tx = tx.then(AddDecayedWeights(o.weight_decay));
    }
    Ok(tx.then(ScaleByLr::new(o.lr)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_torch() {
        let o = AdamWOptions::default();
        assert!((o.lr.at(0) - 1e-3).abs() < 1e-18 && o.betas == (0.9, 0.999));
        assert!((o.eps - 1e-8).abs() < 1e-20 && (o.weight_decay - 1e-2).abs() < 1e-18);
        assert!(!o.amsgrad && !o.maximize);
    }
}
