//! NAdam as `torch.optim.NAdam` (momentum decay psi, mu product, optional decoupled decay):
//!   coupled: g <- g + wd p;  u as in `ScaleByNadam`
//!   decoupled: p <- p (1 - lr_t wd) then p <- p - lr_t u   (== p - lr_t (u + wd p))
//! Chain: [AddDecayedWeights coupled] ScaleByNadam [AddDecayedWeights decoupled] ScaleByLr.
use super::adam::{adam_family_options, Betas};
use super::decay::{compose, Decay};
use crate::describe::{Described, Hyper, Preset, Range};
use crate::transforms::maybe_cycled;
use crate::{Chain, Lr, OptimError, ScaleByNadam};
use serde::{Deserialize, Serialize};

/// `torch.optim.NAdam`'s arguments (Dozat 2016); `Default` is torch's defaults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NadamOptions {
    /// Learning rate (torch `lr`, default 2e-3); >= 0.
    pub lr: f64,
    /// `(beta1, beta2)`: decay rates of the first and second moment averages (torch `betas`, default (0.9,
    /// 0.999)); each in [0, 1).
    pub betas: (f64, f64),
    /// Added to `sqrt(v_hat)` in the denominator for numerical stability (torch `eps`, default 1e-8); >= 0.
    pub eps: f64,
    /// Weight decay `wd`: an L2 penalty added to the gradient, or decoupled when `decoupled_weight_decay`
    /// (torch `weight_decay`, default 0); >= 0.
    pub weight_decay: f64,
    /// Momentum decay `psi` of the schedule `mu_t = b1 (1 - 0.5 * 0.96^(t psi))` (torch `momentum_decay`,
    /// default 4e-3); >= 0.
    pub momentum_decay: f64,
    /// Apply `weight_decay` AdamW-style, `p <- p (1 - lr_t wd)` (torch `decoupled_weight_decay`, default
    /// false).
    pub decoupled_weight_decay: bool,
}

impl Default for NadamOptions {
    fn default() -> Self {
        NadamOptions {
            lr: 2e-3,
            betas: (0.9, 0.999),
            eps: 1e-8,
            weight_decay: 0.0,
            momentum_decay: 4e-3,
            decoupled_weight_decay: false,
        }
    }
}

impl Betas for NadamOptions {
    fn betas(&mut self) -> &mut (f64, f64) {
        &mut self.betas
    }
}

impl Described for NadamOptions {
    const NAME: &'static str = "nadam";
    const OPTIONS: &'static [Hyper<Self>] = adam_family_options![
        "L2 penalty",
        Hyper::float("momentum_decay", Range::NonNegative, "momentum decay psi", |o| &mut o.momentum_decay),
        Hyper::switch("decoupled_weight_decay", "apply weight decay AdamW-style", |o| {
            &mut o.decoupled_weight_decay
        }),
    ];
}

impl Preset for NadamOptions {
    fn chain(&self, lr: Lr, cycled: Option<Lr>) -> Result<Chain, OptimError> {
        let (b1, b2) = self.betas;
        let nadam = ScaleByNadam { b1, b2, eps: self.eps, momentum_decay: self.momentum_decay };
        let core = Chain(vec![maybe_cycled(nadam, cycled)]);
        Ok(compose(core, self.weight_decay, Decay::from_switch(self.decoupled_weight_decay), lr))
    }
}

/// Builds NAdam with its constant rate.
pub fn nadam(o: NadamOptions) -> Result<Chain, OptimError> {
    o.build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_torch() {
        let o = NadamOptions::default();
        assert!((o.lr - 2e-3).abs() < 1e-18 && o.betas == (0.9, 0.999) && (o.eps - 1e-8).abs() < 1e-20);
        assert!(o.weight_decay == 0.0 && (o.momentum_decay - 4e-3).abs() < 1e-18);
        assert!(!o.decoupled_weight_decay);
    }
}
