//! SGD as `torch.optim.SGD` (weight decay, momentum with dampening, Nesterov; maximize is a link):
//!   g <- g + wd p;  b_1 = g, b_t = mu b + (1 - dampening) g
//!   u = b (classic) or g + mu b (nesterov);   p <- p - lr_t u
//! Chain: [AddDecayedWeights(wd)] [Momentum, cycled by onecycle] ScaleByLr. torch rejects `nesterov`
//! without momentum or with dampening; so do we (an error naming `nesterov`).
use super::decay::{compose, Decay};
use crate::describe::{Described, Hyper, Preset, Range};
use crate::transforms::maybe_cycled;
use crate::{Chain, Lr, Momentum, OptimError};
use serde::{Deserialize, Serialize};

/// `torch.optim.SGD`'s arguments; `Default` is torch's defaults (lr 1e-3 since torch 2.2).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SgdOptions {
    /// Learning rate (torch `lr`, default 1e-3); >= 0. The step is `-lr * u`.
    pub lr: f64,
    /// Momentum factor `mu` (torch `momentum`, default 0: plain SGD); >= 0, 0.9 is the usual choice.
    pub momentum: f64,
    /// Dampening of the gradient in the momentum buffer, `b <- mu b + (1 - dampening) g` (torch `dampening`,
    /// default 0); >= 0.
    pub dampening: f64,
    /// L2 penalty `wd`, added to the gradient as `wd * p` (torch `weight_decay`, default 0); >= 0.
    pub weight_decay: f64,
    /// Nesterov momentum (Sutskever et al. 2013), `u = g + mu b` (torch `nesterov`, default false); needs
    /// `momentum > 0` and `dampening = 0`.
    pub nesterov: bool,
}

impl Default for SgdOptions {
    fn default() -> Self {
        SgdOptions { lr: 1e-3, momentum: 0.0, dampening: 0.0, weight_decay: 0.0, nesterov: false }
    }
}

impl Described for SgdOptions {
    const NAME: &'static str = "sgd";
    const OPTIONS: &'static [Hyper<Self>] = &[
        Hyper::float("lr", Range::NonNegative, "learning rate", |o| &mut o.lr),
        Hyper::float("momentum", Range::NonNegative, "momentum factor", |o| &mut o.momentum),
        Hyper::float("dampening", Range::NonNegative, "dampening for momentum", |o| &mut o.dampening),
        Hyper::float("weight_decay", Range::NonNegative, "L2 penalty", |o| &mut o.weight_decay),
        Hyper::switch("nesterov", "use Nesterov momentum (needs momentum > 0)", |o| &mut o.nesterov),
    ];

    fn rules(&self) -> Result<(), OptimError> {
        if self.nesterov && (self.momentum <= 0.0 || self.dampening != 0.0) {
            let reason = "requires momentum > 0 and dampening = 0 (as in torch)";
            return Err(OptimError::Conflict { option: "nesterov", reason });
        }
        Ok(())
    }
}

impl Preset for SgdOptions {
    fn chain(&self, lr: Lr, cycled: Option<Lr>) -> Result<Chain, OptimError> {
        let mut core = Chain::default();
        // torch's one-cycle sets momentum even when it was 0, and the buffer then appears.
        if self.momentum != 0.0 || cycled.is_some() {
            let link = match self.nesterov {
                true => Momentum::Nesterov { mu: self.momentum },
                false => Momentum::Classic { mu: self.momentum, dampening: self.dampening },
            };
            core.0.push(maybe_cycled(link, cycled));
        }
        Ok(compose(core, self.weight_decay, Decay::Coupled, lr))
    }
}

/// Builds SGD with its constant rate; errors name the offending option.
///
/// ```
/// use downhill_optim::{sgd, SgdOptions};
/// let tx = sgd(SgdOptions { lr: 0.1, momentum: 0.9, nesterov: true, ..Default::default() }).unwrap();
/// assert_eq!(tx.0.len(), 2); // momentum, lr
/// let err = sgd(SgdOptions { nesterov: true, ..Default::default() }).unwrap_err();
/// assert!(err.to_string().contains("nesterov"));
/// ```
pub fn sgd(o: SgdOptions) -> Result<Chain, OptimError> {
    o.build()
}

/// SGD with classic momentum `mu` (heavy ball), torch's `SGD(lr, momentum=mu)`.
pub fn momentum(lr: f64, mu: f64) -> Result<Chain, OptimError> {
    sgd(SgdOptions { lr, momentum: mu, ..Default::default() })
}

/// SGD with Nesterov momentum `mu`, torch's `SGD(lr, momentum=mu, nesterov=True)`.
pub fn nesterov(lr: f64, mu: f64) -> Result<Chain, OptimError> {
    sgd(SgdOptions { lr, momentum: mu, nesterov: true, ..Default::default() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_torch() {
        let o = SgdOptions::default();
        assert!((o.lr - 1e-3).abs() < 1e-18);
        assert!(o.momentum == 0.0 && o.dampening == 0.0 && o.weight_decay == 0.0);
        assert!(!o.nesterov);
    }

    #[test]
    fn invalid_configs_are_errors_naming_the_option() {
        let bad = |o: SgdOptions| sgd(o).unwrap_err().to_string();
        assert!(bad(SgdOptions { lr: -1.0, ..Default::default() }).contains("`lr`"));
        assert!(bad(SgdOptions { momentum: 0.9, dampening: 0.1, nesterov: true, ..Default::default() })
            .contains("nesterov"));
        assert!(bad(SgdOptions { weight_decay: f64::NAN, ..Default::default() }).contains("weight_decay"));
        assert!(momentum(0.1, 0.9).is_ok() && nesterov(0.1, 0.9).is_ok());
    }
}
