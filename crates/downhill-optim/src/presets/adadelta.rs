//! Adadelta as `torch.optim.Adadelta`:
//!   g <- -g (maximize);  g <- g + wd p;  v <- rho v + (1 - rho) g^2
//!   u = sqrt(d + eps) / sqrt(v + eps) * g;  d <- rho d + (1 - rho) u^2;  p <- p - lr_t u
//! Chain: [Negate] [AddDecayedWeights(wd)] ScaleByAdadelta ScaleByLr.
use crate::error::{check_closed_unit, check_non_negative, OptimError};
use crate::{AddDecayedWeights, Chain, Lr, Negate, ScaleByAdadelta, ScaleByLr};

/// `torch.optim.Adadelta`'s arguments; `Default` is torch's defaults (lr 1.0).
#[derive(Clone, Debug)]
pub struct AdadeltaOptions {
    pub lr: Lr,
    pub rho: f64,
    pub eps: f64,
    pub weight_decay: f64,
    pub maximize: bool,
}

impl Default for AdadeltaOptions {
    fn default() -> Self {
        AdadeltaOptions { lr: 1.0.into(), rho: 0.9, eps: 1e-6, weight_decay: 0.0, maximize: false }
    }
}

/// Builds Adadelta.
///
/// ```
/// use downhill_optim::{adadelta, AdadeltaOptions};
/// assert!(adadelta(AdadeltaOptions::default()).is_ok());
/// assert!(adadelta(AdadeltaOptions { rho: 1.5, ..Default::default() }).unwrap_err().to_string().contains("rho"));
/// ```
pub fn adadelta(o: AdadeltaOptions) -> Result<Chain, OptimError> {
    check_non_negative("lr", o.lr.at(0))?;
    check_closed_unit("rho", o.rho)?;
    check_non_negative("eps", o.eps)?;
    check_non_negative("weight_decay", o.weight_decay)?;
    let mut tx = Chain::default();
    if o.maximize {
        tx = tx.then(Negate);
    }
    if o.weight_decay != 0.0 {
        tx = tx.then(AddDecayedWeights(o.weight_decay));
    }
    Ok(tx.then(ScaleByAdadelta { rho: o.rho, eps: o.eps }).then(ScaleByLr::new(o.lr)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_torch() {
        let o = AdadeltaOptions::default();
        assert!((o.lr.at(0) - 1.0).abs() < 1e-18 && (o.rho - 0.9).abs() < 1e-18);
        assert!((o.eps - 1e-6).abs() < 1e-20 && o.weight_decay == 0.0 && !o.maximize);
    }
}
