//! SGD as `torch.optim.SGD` (maximize, weight decay, momentum with dampening, Nesterov):
//!   g <- -g (maximize);  g <- g + wd p;  b_1 = g, b_t = mu b + (1 - dampening) g
//!   u = b (classic) or g + mu b (nesterov);   p <- p - lr_t u
//! Chain: [Negate] [AddDecayedWeights(wd)] [Momentum, cycled if `cycled_momentum`] ScaleByLr. torch rejects `nesterov` without
//! momentum or with dampening; so do we (an error naming `nesterov`).
use crate::error::{check_non_negative, OptimError};
use crate::transforms::maybe_cycled;
use crate::{AddDecayedWeights, Chain, Lr, Momentum, Negate, ScaleByLr};

/// `torch.optim.SGD`'s arguments; `Default` is torch's defaults (lr 1e-3 since torch 2.2).
#[derive(Clone, Debug)]
pub struct SgdOptions {
    pub lr: Lr,
    pub momentum: f64,
    pub dampening: f64,
    pub weight_decay: f64,
    pub nesterov: bool,
    /// torch `OneCycleLR(cycle_momentum=True)`: the momentum (beta1) for each step from this schedule
    /// instead of the constant; `None` (the default) keeps it constant.
    pub cycled_momentum: Option<Lr>,
    pub maximize: bool,
}

impl Default for SgdOptions {
    fn default() -> Self {
        SgdOptions {
            lr: 1e-3.into(),
            momentum: 0.0,
            dampening: 0.0,
            weight_decay: 0.0,
            nesterov: false,
            maximize: false,
            cycled_momentum: None,
        }
    }
}

/// Builds SGD; errors name the offending option.
///
/// ```
/// use downhill_optim::{sgd, SgdOptions};
/// let tx = sgd(SgdOptions { lr: 0.1.into(), momentum: 0.9, nesterov: true, ..Default::default() }).unwrap();
/// assert_eq!(tx.0.len(), 2); // momentum, lr
/// let err = sgd(SgdOptions { nesterov: true, ..Default::default() }).unwrap_err();
/// assert!(err.to_string().contains("nesterov"));
/// ```
pub fn sgd(o: SgdOptions) -> Result<Chain, OptimError> {
    check_non_negative("lr", o.lr.at(0))?;
    check_non_negative("momentum", o.momentum)?;
    check_non_negative("weight_decay", o.weight_decay)?;
    check_non_negative("dampening", o.dampening)?;
    if o.nesterov && (o.momentum <= 0.0 || o.dampening != 0.0) {
        let reason = "requires momentum > 0 and dampening = 0 (as in torch)";
        return Err(OptimError::Conflict { option: "nesterov", reason });
    }
    let mut tx = Chain::default();
    if o.maximize {
        tx = tx.then(Negate);
    }
    if o.weight_decay != 0.0 {
        tx = tx.then(AddDecayedWeights(o.weight_decay));
    }
    // torch's one-cycle sets momentum even when it was 0, and the buffer then appears.
    if o.momentum != 0.0 || o.cycled_momentum.is_some() {
        let link = match o.nesterov {
            true => Momentum::Nesterov { mu: o.momentum },
            false => Momentum::Classic { mu: o.momentum, dampening: o.dampening },
        };
        tx = tx.then(maybe_cycled(link, o.cycled_momentum));
    }
    Ok(tx.then(ScaleByLr::new(o.lr)))
}

/// SGD with classic momentum `mu` (heavy ball), torch's `SGD(lr, momentum=mu)`.
pub fn momentum(lr: f64, mu: f64) -> Result<Chain, OptimError> {
    sgd(SgdOptions { lr: lr.into(), momentum: mu, ..Default::default() })
}

/// SGD with Nesterov momentum `mu`, torch's `SGD(lr, momentum=mu, nesterov=True)`.
pub fn nesterov(lr: f64, mu: f64) -> Result<Chain, OptimError> {
    sgd(SgdOptions { lr: lr.into(), momentum: mu, nesterov: true, ..Default::default() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_torch() {
        let o = SgdOptions::default();
        assert!((o.lr.at(0) - 1e-3).abs() < 1e-18);
        assert!(o.momentum == 0.0 && o.dampening == 0.0 && o.weight_decay == 0.0);
        assert!(!o.nesterov && !o.maximize);
    }

    #[test]
    fn invalid_configs_are_errors_naming_the_option() {
        let bad = |o: SgdOptions| sgd(o).unwrap_err().to_string();
        assert!(bad(SgdOptions { lr: (-1.0).into(), ..Default::default() }).contains("`lr`"));
        assert!(bad(SgdOptions { momentum: 0.9, dampening: 0.1, nesterov: true, ..Default::default() })
            .contains("nesterov"));
        assert!(bad(SgdOptions { weight_decay: f64::NAN, ..Default::default() }).contains("weight_decay"));
        assert!(momentum(0.1, 0.9).is_ok() && nesterov(0.1, 0.9).is_ok());
    }
}
