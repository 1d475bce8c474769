//! Lion (Chen et al. 2023) as the reference `lion_pytorch.Lion` (0.2.5) defines it:
//!   p <- p (1 - lr_t wd);   p <- p - lr_t sign(b1 m + (1 - b1) g);   m <- b2 m + (1 - b2) g
//! written as `p <- p - lr_t (u + wd p)`, the same update. Its `decoupled_weight_decay` switch
//! (wd divided by the initial lr) is not offered.
//! Chain: ScaleByLion [AddDecayedWeights(wd), decoupled] ScaleByLr.
use super::adam::{beta1, beta2, Betas};
use super::decay::{compose, Decay};
use crate::describe::{Described, Hyper, Preset, Range};
use crate::transforms::maybe_cycled;
use crate::{Chain, Lr, OptimError, ScaleByLion};
use serde::{Deserialize, Serialize};

/// `lion_pytorch.Lion`'s arguments (Chen et al. 2023); `Default` is its defaults (lr 1e-4, betas (0.9,
/// 0.99)).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LionOptions {
    /// Learning rate (`lr`, default 1e-4; Lion wants a rate 3-10x smaller than AdamW's); > 0.
    pub lr: f64,
    /// `(beta1, beta2)`: the interpolation of the update's sign and the momentum's decay (`betas`, default
    /// (0.9, 0.99)); each in [0, 1).
    pub betas: (f64, f64),
    /// Decoupled weight decay: `p <- p (1 - lr_t wd)` (`weight_decay`, default 0); >= 0.
    pub weight_decay: f64,
}

impl Default for LionOptions {
    fn default() -> Self {
        LionOptions { lr: 1e-4, betas: (0.9, 0.99), weight_decay: 0.0 }
    }
}

impl Betas for LionOptions {
    fn betas(&mut self) -> &mut (f64, f64) {
        &mut self.betas
    }
}

impl Described for LionOptions {
    const NAME: &'static str = "lion";
    const OPTIONS: &'static [Hyper<Self>] = &[
        Hyper::float("lr", Range::Positive, "learning rate", |o| &mut o.lr),
        beta1(),
        beta2(),
        Hyper::float("weight_decay", Range::NonNegative, "decoupled weight decay", |o| &mut o.weight_decay),
    ];
}

impl Preset for LionOptions {
    fn chain(&self, lr: Lr, cycled: Option<Lr>) -> Result<Chain, OptimError> {
        let (b1, b2) = self.betas;
        let core = Chain(vec![maybe_cycled(ScaleByLion { b1, b2 }, cycled)]);
        Ok(compose(core, self.weight_decay, Decay::Decoupled, lr))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_lion_pytorch() {
        let o = LionOptions::default();
        assert!((o.lr - 1e-4).abs() < 1e-18 && o.betas == (0.9, 0.99) && o.weight_decay == 0.0);
    }
}
