//! Adam as `torch.optim.Adam` (coupled L2 weight decay, amsgrad on the raw second moment, maximize):
//!   g <- -g (maximize);  g <- g + wd p;  m, v, [v_max] as in `ScaleByAdam`
//!   p <- p - lr_t / (1 - b1^t) * m / (sqrt(v or v_max) / sqrt(1 - b2^t) + eps)
//! Chain: [Negate] [AddDecayedWeights(wd)] ScaleByAdam ScaleByLr.
use crate::error::{check_non_negative, check_unit, OptimError};
use crate::transforms::maybe_cycled;
use crate::{AddDecayedWeights, Chain, Lr, Negate, ScaleByAdam, ScaleByLr};

/// `torch.optim.Adam`'s arguments; `Default` is torch's defaults.
#[derive(Clone, Debug)]
pub struct AdamOptions {
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

impl Default for AdamOptions {
    fn default() -> Self {
        AdamOptions {
            lr: 1e-3.into(),
            betas: (0.9, 0.999),
            eps: 1e-8,
            weight_decay: 0.0,
            amsgrad: false,
            maximize: false,
            cycled_momentum: None,
        }
    }
}

/// The checks torch applies to Adam-family options.
pub(crate) fn check_adam_like(
    lr: &Lr,
    betas: (f64, f64),
    eps: f64,
    weight_decay: f64,
) -> Result<(), OptimError> {
    check_non_negative("lr", lr.at(0))?;
    check_unit("betas.0", betas.0)?;
    check_unit("betas.1", betas.1)?;
    check_non_negative("eps", eps)?;
    check_non_negative("weight_decay", weight_decay)
}

/// Builds Adam.
///
/// ```
/// use downhill_optim::{adam, AdamOptions};
/// assert!(adam(AdamOptions { amsgrad: true, ..Default::default() }).is_ok());
/// let err = adam(AdamOptions { betas: (0.9, 1.0), ..Default::default() }).unwrap_err();
/// assert!(err.to_string().contains("betas.1"));
/// ```
pub fn adam(o: AdamOptions) -> Result<Chain, OptimError> {
    check_adam_like(&o.lr, o.betas, o.eps, o.weight_decay)?;
    let mut tx = Chain::default();
    if o.maximize {
        tx = tx.then(Negate);
    }
    if o.weight_decay != 0.0 {
        tx = tx.then(AddDecayedWeights(o.weight_decay));
    }
    let (b1, b2) = o.betas;
    let adam = ScaleByAdam { b1, b2, eps: o.eps, amsgrad: o.amsgrad };
    Ok(tx.then(maybe_cycled(adam, o.cycled_momentum)).then(ScaleByLr::new(o.lr)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_torch() {
        let o = AdamOptions::default();
        assert!((o.lr.at(0) - 1e-3).abs() < 1e-18 && o.betas == (0.9, 0.999));
        assert!((o.eps - 1e-8).abs() < 1e-20 && o.weight_decay == 0.0 && !o.amsgrad && !o.maximize);
    }
}
