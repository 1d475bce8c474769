//! Adamax as `torch.optim.Adamax`:
//!   g <- g + wd p;  m <- m + (1 - b1)(g - m);  n <- max(b2 n, |g| + eps)
//!   p <- p - lr_t / (1 - b1^t) * m / n
//! Chain: [AddDecayedWeights(wd)] ScaleByAdamax ScaleByLr.
use super::adam::{adam_family_options, Betas};
use super::decay::{compose, Decay};
use crate::describe::{Described, Hyper, Preset};
use crate::transforms::maybe_cycled;
use crate::{Chain, Lr, OptimError, ScaleByAdamax};
use serde::{Deserialize, Serialize};

/// `torch.optim.Adamax`'s arguments (Kingma & Ba 2015, section 7.1); `Default` is torch's defaults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdamaxOptions {
    /// Learning rate (torch `lr`, default 2e-3); >= 0.
    pub lr: f64,
    /// `(beta1, beta2)`: decay of the first moment and of the infinity norm (torch `betas`, default (0.9,
    /// 0.999)); each in [0, 1).
    pub betas: (f64, f64),
    /// Added to `|g|` in the infinity norm for numerical stability (torch `eps`, default 1e-8); >= 0.
    pub eps: f64,
    /// L2 penalty `wd`, added to the gradient as `wd * p` (torch `weight_decay`, default 0); >= 0.
    pub weight_decay: f64,
}

impl Default for AdamaxOptions {
    fn default() -> Self {
        AdamaxOptions { lr: 2e-3, betas: (0.9, 0.999), eps: 1e-8, weight_decay: 0.0 }
    }
}

impl Betas for AdamaxOptions {
    fn betas(&mut self) -> &mut (f64, f64) {
        &mut self.betas
    }
}

impl Described for AdamaxOptions {
    const NAME: &'static str = "adamax";
    const OPTIONS: &'static [Hyper<Self>] = adam_family_options!["L2 penalty",];
}

impl Preset for AdamaxOptions {
    fn chain(&self, lr: Lr, cycled: Option<Lr>) -> Result<Chain, OptimError> {
        let (b1, b2) = self.betas;
        let core = Chain(vec![maybe_cycled(ScaleByAdamax { b1, b2, eps: self.eps }, cycled)]);
        Ok(compose(core, self.weight_decay, Decay::Coupled, lr))
    }
}

/// Builds Adamax with its constant rate.
pub fn adamax(o: AdamaxOptions) -> Result<Chain, OptimError> {
    o.build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_torch() {
        let o = AdamaxOptions::default();
        assert!((o.lr - 2e-3).abs() < 1e-18 && o.betas == (0.9, 0.999));
        assert!((o.eps - 1e-8).abs() < 1e-20 && o.weight_decay == 0.0);
    }
}
