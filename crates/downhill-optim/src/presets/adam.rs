//! Adam as `torch.optim.Adam` (coupled L2 weight decay, amsgrad on the raw second moment):
//!   g <- g + wd p;  m, v, [v_max] as in `ScaleByAdam`
//!   p <- p - lr_t / (1 - b1^t) * m / (sqrt(v or v_max) / sqrt(1 - b2^t) + eps)
//! Chain: [AddDecayedWeights(wd)] ScaleByAdam ScaleByLr. Also the table rows the Adam family shares.
use super::decay::{compose, Decay};
use crate::describe::{Described, Hyper, Preset, Range};
use crate::transforms::maybe_cycled;
use crate::{Chain, Lr, OptimError, ScaleByAdam};
use serde::{Deserialize, Serialize};

/// `torch.optim.Adam`'s arguments (Kingma & Ba 2015); `Default` is torch's defaults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdamOptions {
    /// Learning rate (torch `lr`, default 1e-3); >= 0.
    pub lr: f64,
    /// `(beta1, beta2)`: decay rates of the first and second moment averages (torch `betas`, default (0.9,
    /// 0.999)); each in [0, 1).
    pub betas: (f64, f64),
    /// Added to `sqrt(v_hat)` in the denominator for numerical stability (torch `eps`, default 1e-8); >= 0.
    pub eps: f64,
    /// L2 penalty `wd`, added to the gradient as `wd * p` before the moments (torch `weight_decay`, default
    /// 0); >= 0. For decoupled decay use [`AdamWOptions`](crate::AdamWOptions).
    pub weight_decay: f64,
    /// AMSGrad (Reddi et al. 2018): divide by the running maximum of the second moment (torch `amsgrad`,
    /// default false).
    pub amsgrad: bool,
}

impl Default for AdamOptions {
    fn default() -> Self {
        AdamOptions { lr: 1e-3, betas: (0.9, 0.999), eps: 1e-8, weight_decay: 0.0, amsgrad: false }
    }
}

/// The Adam family's options structs all hold torch's `betas` pair.
pub(crate) trait Betas: Clone + 'static {
    fn betas(&mut self) -> &mut (f64, f64);
}

/// torch `betas[0]`, the first moment's decay, as its own option (`--beta1`).
pub(crate) const fn beta1<P: Betas>() -> Hyper<P> {
    let help = "first-moment decay, torch betas[0]";
    Hyper::float("beta1", Range::UnitOpen, help, |o: &mut P| &mut o.betas().0).labelled("betas.0")
}

/// torch `betas[1]`, the second moment's decay (`--beta2`).
pub(crate) const fn beta2<P: Betas>() -> Hyper<P> {
    let help = "second-moment decay, torch betas[1]";
    Hyper::float("beta2", Range::UnitOpen, help, |o: &mut P| &mut o.betas().1).labelled("betas.1")
}

/// The table of an Adam-family preset: lr, beta1, beta2, eps and weight_decay (described as
/// `$wd_help`), then the preset's own rows. Every options struct it is used in has those fields.
macro_rules! adam_family_options {
    ($wd_help:literal $(, $row:expr)* $(,)?) => {
        &[
            $crate::Hyper::float("lr", $crate::Range::NonNegative, "learning rate", |o: &mut Self| &mut o.lr),
            $crate::presets::adam::beta1(),
            $crate::presets::adam::beta2(),
            $crate::Hyper::float("eps", $crate::Range::NonNegative, "term added for numerical stability", |o: &mut Self| {
                &mut o.eps
            }),
            $crate::Hyper::float("weight_decay", $crate::Range::NonNegative, $wd_help, |o: &mut Self| {
                &mut o.weight_decay
            }),
            $($row),*
        ]
    };
}
pub(crate) use adam_family_options;

impl Betas for AdamOptions {
    fn betas(&mut self) -> &mut (f64, f64) {
        &mut self.betas
    }
}

impl Described for AdamOptions {
    const NAME: &'static str = "adam";
    const OPTIONS: &'static [Hyper<Self>] = adam_family_options![
        "L2 penalty",
        Hyper::switch("amsgrad", "use the running maximum of the second moment", |o| &mut o.amsgrad),
    ];
}

impl Preset for AdamOptions {
    fn chain(&self, lr: Lr, cycled: Option<Lr>) -> Result<Chain, OptimError> {
        let (b1, b2) = self.betas;
        let adam = ScaleByAdam { b1, b2, eps: self.eps, amsgrad: self.amsgrad };
        let core = Chain(vec![maybe_cycled(adam, cycled)]);
        Ok(compose(core, self.weight_decay, Decay::Coupled, lr))
    }
}

/// Builds Adam with its constant rate.
///
/// ```
/// use downhill_optim::{adam, AdamOptions};
/// assert!(adam(AdamOptions { amsgrad: true, ..Default::default() }).is_ok());
/// let err = adam(AdamOptions { betas: (0.9, 1.0), ..Default::default() }).unwrap_err();
/// assert!(err.to_string().contains("betas.1"));
/// ```
pub fn adam(o: AdamOptions) -> Result<Chain, OptimError> {
    o.build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_torch() {
        let o = AdamOptions::default();
        assert!((o.lr - 1e-3).abs() < 1e-18 && o.betas == (0.9, 0.999));
        assert!((o.eps - 1e-8).abs() < 1e-20 && o.weight_decay == 0.0 && !o.amsgrad);
    }
}
