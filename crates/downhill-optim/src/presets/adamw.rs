//! AdamW (Loshchilov & Hutter 2019) as `torch.optim.AdamW`:
//!   p <- p (1 - lr_t wd);   p <- p - lr_t / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
//! written as `p <- p - lr_t (adam_u + wd p)` with the *scheduled* lr_t, which is the same update.
//! Chain: ScaleByAdam [AddDecayedWeights(wd), decoupled] ScaleByLr.
use super::adam::{adam_family_options, Betas};
use super::decay::{compose, Decay};
use crate::describe::{Described, Hyper, Preset};
use crate::transforms::maybe_cycled;
use crate::{Chain, Lr, OptimError, ScaleByAdam};
use serde::{Deserialize, Serialize};

/// `torch.optim.AdamW`'s arguments (Loshchilov & Hutter 2019); `Default` is torch's defaults (weight
/// decay 1e-2).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdamWOptions {
    /// Learning rate (torch `lr`, default 1e-3); >= 0.
    pub lr: f64,
    /// `(beta1, beta2)`: decay rates of the first and second moment averages (torch `betas`, default (0.9,
    /// 0.999)); each in [0, 1).
    pub betas: (f64, f64),
    /// Added to `sqrt(v_hat)` in the denominator for numerical stability (torch `eps`, default 1e-8); >= 0.
    pub eps: f64,
    /// Decoupled weight decay: `p <- p (1 - lr_t wd)` each step, outside the moments (torch `weight_decay`,
    /// default 1e-2); >= 0.
    pub weight_decay: f64,
    /// AMSGrad (Reddi et al. 2018): divide by the running maximum of the second moment (torch `amsgrad`,
    /// default false).
    pub amsgrad: bool,
}

impl Default for AdamWOptions {
    fn default() -> Self {
        AdamWOptions { lr: 1e-3, betas: (0.9, 0.999), eps: 1e-8, weight_decay: 1e-2, amsgrad: false }
    }
}

impl Betas for AdamWOptions {
    fn betas(&mut self) -> &mut (f64, f64) {
        &mut self.betas
    }
}

impl Described for AdamWOptions {
    const NAME: &'static str = "adamw";
    const OPTIONS: &'static [Hyper<Self>] = adam_family_options![
        "decoupled weight decay",
        Hyper::switch("amsgrad", "use the running maximum of the second moment", |o| &mut o.amsgrad),
    ];
}

impl Preset for AdamWOptions {
    fn chain(&self, lr: Lr, cycled: Option<Lr>) -> Result<Chain, OptimError> {
        let (b1, b2) = self.betas;
        let adam = ScaleByAdam { b1, b2, eps: self.eps, amsgrad: self.amsgrad };
        let core = Chain(vec![maybe_cycled(adam, cycled)]);
        Ok(compose(core, self.weight_decay, Decay::Decoupled, lr))
    }
}

/// Builds AdamW with its constant rate.
pub fn adamw(o: AdamWOptions) -> Result<Chain, OptimError> {
    o.build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_torch() {
        let o = AdamWOptions::default();
        assert!((o.lr - 1e-3).abs() < 1e-18 && o.betas == (0.9, 0.999));
        assert!((o.eps - 1e-8).abs() < 1e-20 && (o.weight_decay - 1e-2).abs() < 1e-18);
        assert!(!o.amsgrad);
    }
}
