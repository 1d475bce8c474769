//! Adadelta as `torch.optim.Adadelta`:
//!   g <- g + wd p;  v <- rho v + (1 - rho) g^2
//!   u = sqrt(d + eps) / sqrt(v + eps) * g;  d <- rho d + (1 - rho) u^2;  p <- p - lr_t u
//! Chain: [AddDecayedWeights(wd)] ScaleByAdadelta ScaleByLr. No momentum, so no cycled momentum.
use super::decay::{compose, Decay};
use super::no_cycled_momentum::no_cycled_momentum;
use crate::describe::{Described, Hyper, Preset, Range};
use crate::{Chain, Lr, OptimError, ScaleByAdadelta};
use serde::{Deserialize, Serialize};

/// `torch.optim.Adadelta`'s arguments (Zeiler 2012); `Default` is torch's defaults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdadeltaOptions {
    /// Factor applied to the Adadelta update (torch `lr`, default 1.0); >= 0.
    pub lr: f64,
    /// Decay of both running averages, of `g^2` and of the squared update (torch `rho`, default 0.9); in [0,
    /// 1].
    pub rho: f64,
    /// Added inside both square roots for numerical stability (torch `eps`, default 1e-6); >= 0.
    pub eps: f64,
    /// L2 penalty `wd`, added to the gradient as `wd * p` (torch `weight_decay`, default 0); >= 0.
    pub weight_decay: f64,
}

impl Default for AdadeltaOptions {
    fn default() -> Self {
        AdadeltaOptions { lr: 1.0, rho: 0.9, eps: 1e-6, weight_decay: 0.0 }
    }
}

impl Described for AdadeltaOptions {
    const NAME: &'static str = "adadelta";
    const OPTIONS: &'static [Hyper<Self>] = &[
        Hyper::float("lr", Range::NonNegative, "learning rate", |o| &mut o.lr),
        Hyper::float("rho", Range::UnitClosed, "decay of the running averages", |o| &mut o.rho),
        Hyper::float("eps", Range::NonNegative, "term added for numerical stability", |o| &mut o.eps),
        Hyper::float("weight_decay", Range::NonNegative, "L2 penalty", |o| &mut o.weight_decay),
    ];
}

impl Preset for AdadeltaOptions {
    fn chain(&self, lr: Lr, cycled: Option<Lr>) -> Result<Chain, OptimError> {
        no_cycled_momentum(&cycled)?;
        let scale = ScaleByAdadelta { rho: self.rho, eps: self.eps };
        Ok(compose(chain![scale], self.weight_decay, Decay::Coupled, lr))
    }
}

/// Builds Adadelta with its constant rate.
pub fn adadelta(o: AdadeltaOptions) -> Result<Chain, OptimError> {
    o.build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_torch() {
        let o = AdadeltaOptions::default();
        assert!((o.lr - 1.0).abs() < 1e-18 && (o.rho - 0.9).abs() < 1e-18);
        assert!((o.eps - 1e-6).abs() < 1e-20 && o.weight_decay == 0.0);
    }
}
