//! RMSprop as `torch.optim.RMSprop`:
//!   g <- -g (maximize);  g <- g + wd p;  v <- alpha v + (1 - alpha) g^2
//!   centered: a <- a + (1 - alpha)(g - a), d = sqrt(v - a^2) + eps;  else d = sqrt(v) + eps
//!   momentum > 0: b <- mu b + g / d, p <- p - lr_t b;   else p <- p - lr_t g / d
//! Chain: [Negate] [AddDecayedWeights(wd)] ScaleByRms [Momentum::Classic { mu, dampening: 0 }] ScaleByLr.
use crate::error::{check_non_negative, OptimError};
use crate::transforms::maybe_cycled;
use crate::{AddDecayedWeights, Centering, Chain, Lr, Momentum, Negate, ScaleByLr, ScaleByRms};

/// `torch.optim.RMSprop`'s arguments; `Default` is torch's defaults.
#[derive(Clone, Debug)]
pub struct RmspropOptions {
    pub lr: Lr,
    pub alpha: f64,
    pub eps: f64,
    pub weight_decay: f64,
    pub momentum: f64,
    pub centered: bool,
    /// torch `OneCycleLR(cycle_momentum=True)`: the momentum (beta1) for each step from this schedule
    /// instead of the constant; `None` (the default) keeps it constant.
    pub cycled_momentum: Option<Lr>,
    pub maximize: bool,
}

impl Default for RmspropOptions {
    fn default() -> Self {
        RmspropOptions {
            lr: 1e-2.into(),
            alpha: 0.99,
            eps: 1e-8,
            weight_decay: 0.0,
            momentum: 0.0,
            centered: false,
            maximize: false,
            cycled_momentum: None,
        }
    }
}

/// Builds RMSprop.
///
/// ```
/// use downhill_optim::{rmsprop, RmspropOptions};
/// let tx = rmsprop(RmspropOptions { centered: true, momentum: 0.9, ..Default::default() }).unwrap();
/// assert_eq!(tx.0.len(), 3);
/// ```
pub fn rmsprop(o: RmspropOptions) -> Result<Chain, OptimError> {
    check_non_negative("lr", o.lr.at(0))?;
    check_non_negative("alpha", o.alpha)?;
    check_non_negative("eps", o.eps)?;
    check_non_negative("weight_decay", o.weight_decay)?;
    check_non_negative("momentum", o.momentum)?;
    let mut tx = Chain::default();
    if o.maximize {
        tx = tx.then(Negate);
    }
    if o.weight_decay != 0.0 {
        tx = tx.then(AddDecayedWeights(o.weight_decay));
    }
    let centering = if o.centered { Centering::Centered } else { Centering::Plain };
    tx = tx.then(ScaleByRms { alpha: o.alpha, eps: o.eps, centering });
    // torch's one-cycle sets momentum even when it was 0, and the buffer then appears.
    if o.momentum > 0.0 || o.cycled_momentum.is_some() {
        let link = Momentum::Classic { mu: o.momentum, dampening: 0.0 };
        tx = tx.then(maybe_cycled(link, o.cycled_momentum));
    }
    Ok(tx.then(ScaleByLr::new(o.lr)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_torch() {
        let o = RmspropOptions::default();
        assert!((o.lr.at(0) - 1e-2).abs() < 1e-18 && (o.alpha - 0.99).abs() < 1e-18);
        assert!((o.eps - 1e-8).abs() < 1e-20 && o.weight_decay == 0.0 && o.momentum == 0.0);
        assert!(!o.centered && !o.maximize);
    }
}
