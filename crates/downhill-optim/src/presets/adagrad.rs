//! Adagrad as `torch.optim.Adagrad`:
//!   g <- -g (maximize);  g <- g + wd p;  s <- s + g^2 (s_0 = initial_accumulator_value)
//!   p <- p - lr_t / (1 + (t - 1) lr_decay) * g / (sqrt(s) + eps)
//! Chain: [Negate] [AddDecayedWeights(wd)] ScaleByAdagrad ScaleByLr.
use crate::error::{check_non_negative, OptimError};
use crate::{AddDecayedWeights, Chain, Lr, Negate, ScaleByAdagrad, ScaleByLr};

/// `torch.optim.Adagrad`'s arguments; `Default` is torch's defaults.
#[derive(Clone, Debug)]
pub struct AdagradOptions {
    pub lr: Lr,
    pub lr_decay: f64,
    pub weight_decay: f64,
    pub initial_accumulator_value: f64,
    pub eps: f64,
    pub maximize: bool,
}

impl Default for AdagradOptions {
    fn default() -> Self {
        AdagradOptions {
            lr: 1e-2.into(),
            lr_decay: 0.0,
            weight_decay: 0.0,
            initial_accumulator_value: 0.0,
            eps: 1e-10,
            maximize: false,
        }
    }
}

/// Builds Adagrad.
///
/// ```
/// use downhill_optim::{adagrad, AdagradOptions};
/// assert!(adagrad(AdagradOptions { lr_decay: 0.01, ..Default::default() }).is_ok());
/// assert!(adagrad(AdagradOptions { lr_decay: -1.0, ..Default::default() }).is_err());
/// ```
pub fn adagrad(o: AdagradOptions) -> Result<Chain, OptimError> {
    check_non_negative("lr", o.lr.at(0))?;
    check_non_negative("lr_decay", o.lr_decay)?;
    check_non_negative("weight_decay", o.weight_decay)?;
    check_non_negative("initial_accumulator_value", o.initial_accumulator_value)?;
    check_non_negative("eps", o.eps)?;
    let mut tx = Chain::default();
    if o.maximize {
        tx = tx.then(Negate);
    }
    if o.weight_decay != 0.0 {
        tx = tx.then(AddDecayedWeights(o.weight_decay));
    }
    let scale = ScaleByAdagrad {
        lr_decay: o.lr_decay,
        initial_accumulator_value: o.initial_accumulator_value,
        eps: o.eps,
    };
    Ok(tx.then(scale).then(ScaleByLr::new(o.lr)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_torch() {
        let o = AdagradOptions::default();
        assert!((o.lr.at(0) - 1e-2).abs() < 1e-18 && o.lr_decay == 0.0 && o.weight_decay == 0.0);
        assert!(o.initial_accumulator_value == 0.0 && (o.eps - 1e-10).abs() < 1e-22 && !o.maximize);
    }
}
