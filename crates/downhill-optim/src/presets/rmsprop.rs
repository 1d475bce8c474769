//! RMSprop as `torch.optim.RMSprop`:
//!   g <- g + wd p;  v <- alpha v + (1 - alpha) g^2
//!   centered: a <- a + (1 - alpha)(g - a), d = sqrt(v - a^2) + eps;  else d = sqrt(v) + eps
//!   momentum > 0: b <- mu b + g / d, p <- p - lr_t b;   else p <- p - lr_t g / d
//! Chain: [AddDecayedWeights(wd)] ScaleByRms [Momentum::Classic { mu, dampening: 0 }] ScaleByLr.
use super::decay::{compose, Decay};
use crate::describe::{Described, Hyper, Preset, Range};
use crate::transforms::maybe_cycled;
use crate::{Centering, Chain, Lr, Momentum, OptimError, ScaleByRms};
use serde::{Deserialize, Serialize};

/// `torch.optim.RMSprop`'s arguments (Hinton's Coursera lecture 6e, 2012; centered: Graves 2013);
/// `Default` is torch's defaults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RmspropOptions {
    /// Learning rate (torch `lr`, default 1e-2); >= 0.
    pub lr: f64,
    /// Smoothing constant of the squared-gradient average, `v <- alpha v + (1 - alpha) g^2` (torch `alpha`,
    /// default 0.99); in [0, 1].
    pub alpha: f64,
    /// Added to the denominator `sqrt(v)` for numerical stability (torch `eps`, default 1e-8); >= 0.
    pub eps: f64,
    /// L2 penalty `wd`, added to the gradient as `wd * p` (torch `weight_decay`, default 0); >= 0.
    pub weight_decay: f64,
    /// Momentum factor applied to the scaled gradient (torch `momentum`, default 0: none); >= 0.
    pub momentum: f64,
    /// Divide by the estimated variance `v - a^2` (with `a` the gradient's running mean) instead of `v`
    /// (torch `centered`, default false).
    pub centered: bool,
}

impl Default for RmspropOptions {
    fn default() -> Self {
        RmspropOptions { lr: 1e-2, alpha: 0.99, eps: 1e-8, weight_decay: 0.0, momentum: 0.0, centered: false }
    }
}

impl Described for RmspropOptions {
    const NAME: &'static str = "rmsprop";
    const OPTIONS: &'static [Hyper<Self>] = &[
        Hyper::float("lr", Range::NonNegative, "learning rate", |o| &mut o.lr),
        Hyper::float("alpha", Range::UnitClosed, "smoothing constant of the squared-gradient average", |o| {
            &mut o.alpha
        }),
        Hyper::float("eps", Range::NonNegative, "term added for numerical stability", |o| &mut o.eps),
        Hyper::float("weight_decay", Range::NonNegative, "L2 penalty", |o| &mut o.weight_decay),
        Hyper::float("momentum", Range::NonNegative, "momentum factor", |o| &mut o.momentum),
        Hyper::switch("centered", "normalise by the gradient's estimated variance", |o| &mut o.centered),
    ];
}

impl Preset for RmspropOptions {
    fn chain(&self, lr: Lr, cycled: Option<Lr>) -> Result<Chain, OptimError> {
        let centering = if self.centered { Centering::Centered } else { Centering::Plain };
        let mut core = chain![ScaleByRms { alpha: self.alpha, eps: self.eps, centering }];
        // torch's one-cycle sets momentum even when it was 0, and the buffer then appears.
        if self.momentum > 0.0 || cycled.is_some() {
            let link = Momentum::Classic { mu: self.momentum, dampening: 0.0 };
            core.0.push(maybe_cycled(link, cycled));
        }
        Ok(compose(core, self.weight_decay, Decay::Coupled, lr))
    }
}

/// Builds RMSprop with its constant rate.
///
/// ```
/// use downhill_optim::{rmsprop, RmspropOptions};
/// let tx = rmsprop(RmspropOptions { centered: true, momentum: 0.9, ..Default::default() }).unwrap();
/// assert_eq!(tx.0.len(), 3);
/// ```
pub fn rmsprop(o: RmspropOptions) -> Result<Chain, OptimError> {
    o.build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_torch() {
        let o = RmspropOptions::default();
        assert!((o.lr - 1e-2).abs() < 1e-18 && (o.alpha - 0.99).abs() < 1e-18);
        assert!((o.eps - 1e-8).abs() < 1e-20 && o.weight_decay == 0.0 && o.momentum == 0.0);
        assert!(!o.centered);
    }
}
