//! ASGD as `torch.optim.ASGD` (maximize is a link; foreach, capturable and differentiable do not apply):
//!   g <- g + wd p;   p <- p (1 - lambd eta) - eta g;   ax <- running average of p from step t0 on
//!   eta <- lr_t / (1 + lambd lr_t t)^alpha;   mu <- 1 / max(1, t - t0)
//! Chain: [AddDecayedWeights(wd)] ScaleByAsgd, which holds the rate (lr enters eta, not as a factor).
//! The parameters are the iterates, as in torch; the average ax is in the state (`asgd_average`).
use super::no_cycled_momentum::no_cycled_momentum;
use crate::describe::{Described, Hyper, Preset, Range};
use crate::{AddDecayedWeights, Chain, Lr, OptimError, ScaleByAsgd, ScaleByLr, State, Tensor};
use serde::{Deserialize, Serialize};

/// `torch.optim.ASGD`'s arguments (Polyak & Juditsky 1992); `Default` is torch's defaults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AsgdOptions {
    /// Learning rate `lr` in `eta = lr / (1 + lambd lr t)^alpha` (torch `lr`, default 1e-2); >= 0.
    pub lr: f64,
    /// Decay term: shrinks the parameters by `1 - lambd eta` and the rate over time (torch `lambd`, default
    /// 1e-4); >= 0.
    pub lambd: f64,
    /// Power of the rate's decay in `eta` (torch `alpha`, default 0.75); >= 0.
    pub alpha: f64,
    /// Step after which the average `ax` starts (before it, `ax` copies the iterate) (torch `t0`, default
    /// 1e6); finite.
    pub t0: f64,
    /// L2 penalty `wd`, added to the gradient as `wd * p` (torch `weight_decay`, default 0); >= 0.
    pub weight_decay: f64,
}

impl Default for AsgdOptions {
    fn default() -> Self {
        AsgdOptions { lr: 1e-2, lambd: 1e-4, alpha: 0.75, t0: 1e6, weight_decay: 0.0 }
    }
}

impl Described for AsgdOptions {
    const NAME: &'static str = "asgd";
    const OPTIONS: &'static [Hyper<Self>] = &[
        Hyper::float("lr", Range::NonNegative, "learning rate", |o| &mut o.lr),
        Hyper::float("lambd", Range::NonNegative, "decay term: shrinks p and the rate", |o| &mut o.lambd),
        Hyper::float("alpha", Range::NonNegative, "power of the rate's decay", |o| &mut o.alpha),
        Hyper::float("t0", Range::Finite, "step after which the average starts", |o| &mut o.t0),
        Hyper::float("weight_decay", Range::NonNegative, "L2 penalty", |o| &mut o.weight_decay),
    ];
}

impl Preset for AsgdOptions {
    fn chain(&self, lr: Lr, cycled: Option<Lr>) -> Result<Chain, OptimError> {
        no_cycled_momentum(&cycled)?;
        let mut tx = Chain::default();
        if self.weight_decay != 0.0 {
            tx = tx.then(AddDecayedWeights(self.weight_decay)); // coupled: part of g, scaled by eta
        }
        let (lambd, alpha, t0) = (self.lambd, self.alpha, self.t0);
        Ok(tx.then(ScaleByAsgd { lambd, alpha, t0, rate: ScaleByLr::new(lr) }))
    }

    fn evaluated_weights(&self, state: &State, _params: &[Tensor]) -> Option<Vec<Tensor>> {
        asgd_average(state).map(<[Tensor]>::to_vec)
    }
}

/// Builds ASGD with its constant rate.
pub fn asgd(o: AsgdOptions) -> Result<Chain, OptimError> {
    o.build()
}

/// The averaged parameters `ax` in the state of a chain built from `AsgdOptions` (its last link,
/// also with `maximize` or clipping in front); `None` for a state without them.
///
/// ```
/// use downhill_optim::{asgd, asgd_average, AsgdOptions, Optimizer, Tensor};
/// let mut p = vec![Tensor::vector(vec![1.0])];
/// let mut opt = Optimizer::new(asgd(AsgdOptions::default()).unwrap(), &p);
/// opt.step(&mut p, vec![Tensor::vector(vec![1.0])]);
/// // Exact: before t0 the average is a copy of the iterate, as torch's `ax.copy_(param)`.
/// assert_eq!(asgd_average(opt.state()).unwrap()[0].data(), p[0].data());
/// ```
pub fn asgd_average(state: &State) -> Option<&[Tensor]> {
    let link = state.inner.last()?;
    (link.scalars.len() == 2 && link.slots.len() == 1).then(|| ScaleByAsgd::average(link))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_torch() {
        let o = AsgdOptions::default();
        assert!((o.lr - 1e-2).abs() < 1e-18 && (o.lambd - 1e-4).abs() < 1e-20);
        assert!((o.alpha - 0.75).abs() < 1e-18 && (o.t0 - 1e6).abs() < 1e-9 && o.weight_decay == 0.0);
    }
}
