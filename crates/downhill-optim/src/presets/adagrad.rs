//! Adagrad as `torch.optim.Adagrad`:
//!   g <- g + wd p;  s <- s + g^2 (s_0 = initial_accumulator_value)
//!   p <- p - lr_t / (1 + (t - 1) lr_decay) * g / (sqrt(s) + eps)
//! Chain: [AddDecayedWeights(wd)] ScaleByAdagrad ScaleByLr. No momentum, so no cycled momentum.
use super::decay::{compose, Decay};
use super::no_cycled_momentum::no_cycled_momentum;
use crate::describe::{Described, Hyper, Preset, Range};
use crate::{Chain, Lr, OptimError, ScaleByAdagrad};
use serde::{Deserialize, Serialize};

/// `torch.optim.Adagrad`'s arguments (Duchi, Hazan & Singer 2011); `Default` is torch's defaults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdagradOptions {
    /// Learning rate (torch `lr`, default 1e-2); >= 0.
    pub lr: f64,
    /// Decay of the rate over steps, `lr / (1 + (t - 1) lr_decay)` (torch `lr_decay`, default 0); >= 0.
    pub lr_decay: f64,
    /// L2 penalty `wd`, added to the gradient as `wd * p` (torch `weight_decay`, default 0); >= 0.
    pub weight_decay: f64,
    /// Starting value of the squared-gradient sum `s` (torch `initial_accumulator_value`, default 0); >= 0.
    pub initial_accumulator_value: f64,
    /// Added to `sqrt(s)` in the denominator for numerical stability (torch `eps`, default 1e-10); >= 0.
    pub eps: f64,
}

impl Default for AdagradOptions {
    fn default() -> Self {
        AdagradOptions {
            lr: 1e-2,
            lr_decay: 0.0,
            weight_decay: 0.0,
            initial_accumulator_value: 0.0,
            eps: 1e-10,
        }
    }
}

impl Described for AdagradOptions {
    const NAME: &'static str = "adagrad";
    const OPTIONS: &'static [Hyper<Self>] = &[
        Hyper::float("lr", Range::NonNegative, "learning rate", |o| &mut o.lr),
        Hyper::float("lr_decay", Range::NonNegative, "learning-rate decay", |o| &mut o.lr_decay),
        Hyper::float("weight_decay", Range::NonNegative, "L2 penalty", |o| &mut o.weight_decay),
        Hyper::float(
            "initial_accumulator_value",
            Range::NonNegative,
            "starting value of the squared-gradient sum",
            |o| &mut o.initial_accumulator_value,
        ),
        Hyper::float("eps", Range::NonNegative, "term added for numerical stability", |o| &mut o.eps),
    ];
}

impl Preset for AdagradOptions {
    fn chain(&self, lr: Lr, cycled: Option<Lr>) -> Result<Chain, OptimError> {
        no_cycled_momentum(&cycled)?;
        let scale = ScaleByAdagrad {
            lr_decay: self.lr_decay,
            initial_accumulator_value: self.initial_accumulator_value,
            eps: self.eps,
        };
        Ok(compose(chain![scale], self.weight_decay, Decay::Coupled, lr))
    }
}

/// Builds Adagrad with its constant rate.
pub fn adagrad(o: AdagradOptions) -> Result<Chain, OptimError> {
    o.build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_torch() {
        let o = AdagradOptions::default();
        assert!((o.lr - 1e-2).abs() < 1e-18 && o.lr_decay == 0.0 && o.weight_decay == 0.0);
        assert!(o.initial_accumulator_value == 0.0 && (o.eps - 1e-10).abs() < 1e-22);
    }
}
