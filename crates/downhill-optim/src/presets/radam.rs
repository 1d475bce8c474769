//! RAdam as `torch.optim.RAdam` (rectified when rho_t > 5, optional decoupled decay):
//!   coupled: g <- g + wd p;  u as in `ScaleByRadam`
//!   decoupled: p <- p (1 - lr_t wd) then p <- p - lr_t u   (== p - lr_t (u + wd p))
//! Chain: [AddDecayedWeights coupled] ScaleByRadam [AddDecayedWeights decoupled] ScaleByLr.
use super::adam::{adam_family_options, Betas};
use super::decay::{compose, Decay};
use crate::describe::{Described, Hyper, Preset};
use crate::transforms::maybe_cycled;
use crate::{Chain, Lr, OptimError, ScaleByRadam};
use serde::{Deserialize, Serialize};

/// `torch.optim.RAdam`'s arguments (Liu et al. 2020); `Default` is torch's defaults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RadamOptions {
    /// Learning rate (torch `lr`, default 1e-3); >= 0.
    pub lr: f64,
    /// `(beta1, beta2)`: decay rates of the first and second moment averages (torch `betas`, default (0.9,
    /// 0.999)); each in [0, 1).
    pub betas: (f64, f64),
    /// Added to `sqrt(v_hat)` in the denominator for numerical stability (torch `eps`, default 1e-8); >= 0.
    pub eps: f64,
    /// Weight decay `wd`: an L2 penalty added to the gradient, or decoupled when `decoupled_weight_decay`
    /// (torch `weight_decay`, default 0); >= 0.
    pub weight_decay: f64,
    /// Apply `weight_decay` AdamW-style, `p <- p (1 - lr_t wd)` (torch `decoupled_weight_decay`, default
    /// false).
    pub decoupled_weight_decay: bool,
}

impl Default for RadamOptions {
    fn default() -> Self {
        RadamOptions {
            lr: 1e-3,
            betas: (0.9, 0.999),
            eps: 1e-8,
            weight_decay: 0.0,
            decoupled_weight_decay: false,
        }
    }
}

impl Betas for RadamOptions {
    fn betas(&mut self) -> &mut (f64, f64) {
        &mut self.betas
    }
}

impl Described for RadamOptions {
    const NAME: &'static str = "radam";
    const OPTIONS: &'static [Hyper<Self>] = adam_family_options![
        "L2 penalty",
        Hyper::switch("decoupled_weight_decay", "apply weight decay AdamW-style", |o| {
            &mut o.decoupled_weight_decay
        }),
    ];
}

impl Preset for RadamOptions {
    fn chain(&self, lr: Lr, cycled: Option<Lr>) -> Result<Chain, OptimError> {
        let (b1, b2) = self.betas;
        let core = Chain(vec![maybe_cycled(ScaleByRadam { b1, b2, eps: self.eps }, cycled)]);
        Ok(compose(core, self.weight_decay, Decay::from_switch(self.decoupled_weight_decay), lr))
    }
}

/// Builds RAdam with its constant rate.
pub fn radam(o: RadamOptions) -> Result<Chain, OptimError> {
    o.build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_torch() {
        let o = RadamOptions::default();
        assert!((o.lr - 1e-3).abs() < 1e-18 && o.betas == (0.9, 0.999) && (o.eps - 1e-8).abs() < 1e-20);
        assert!(o.weight_decay == 0.0 && !o.decoupled_weight_decay);
    }
}
