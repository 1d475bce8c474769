//! SparseAdam as `torch.optim.SparseAdam` (torch 2.15; `maximize` is the usual link, the moments
//! and the step are `transforms/scale_by_sparse_adam.rs`):
//!   for the rows r of a table's gradient:  m_r, v_r as Adam's;  p_r <- p_r - lr_t sqrt(1 - b2^t)/(1 - b1^t) m_r / (sqrt(v_r) + eps)
//! the other rows, their moments included, stay as they are. Chain: ScaleBySparseAdam ScaleByLr,
//! both of which take a table's gradient as its rows, so a step costs the rows looked up.
//!
//! torch's SparseAdam takes only parameters with sparse gradients (an `nn.Embedding(sparse=True)`
//! table); its users give the other parameters to Adam. `downhill train --optimizer sparse_adam`
//! does the same: SparseAdam takes the embedding tables (`ParamRole::Table`) and Adam, with the same
//! lr, betas and eps, the rest (`downhill_learn`'s `optimizer_settings.rs`); a model without an
//! embedding is an error suggesting `--optimizer adam`. `downhill optimize`'s point is dense: every
//! row is present each step.
use super::adam::{beta1, beta2, Betas};
use crate::describe::{Described, Hyper, Preset, Range};
use crate::transforms::maybe_cycled;
use crate::{Chain, Lr, OptimError, ScaleByLr, ScaleBySparseAdam};
use serde::{Deserialize, Serialize};

/// `torch.optim.SparseAdam`'s arguments (its `maximize` is the shared link); `Default` is torch's
/// defaults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SparseAdamOptions {
    /// Learning rate (torch `lr`, default 1e-3); > 0, as torch requires.
    pub lr: f64,
    /// `(beta1, beta2)`: decay rates of the first and second moments of the rows present (torch
    /// `betas`, default (0.9, 0.999)); each in [0, 1).
    pub betas: (f64, f64),
    /// Added to `sqrt(v)` before the bias correction (torch `eps`, default 1e-8); > 0, as torch
    /// requires.
    pub eps: f64,
}

impl Default for SparseAdamOptions {
    fn default() -> Self {
        SparseAdamOptions { lr: 1e-3, betas: (0.9, 0.999), eps: 1e-8 }
    }
}

impl Betas for SparseAdamOptions {
    fn betas(&mut self) -> &mut (f64, f64) {
        &mut self.betas
    }
}

impl Described for SparseAdamOptions {
    const NAME: &'static str = "sparse_adam";
    const OPTIONS: &'static [Hyper<Self>] = &[
        Hyper::float("lr", Range::Positive, "learning rate", |o| &mut o.lr),
        beta1(),
        beta2(),
        Hyper::float("eps", Range::Positive, "added to sqrt(v) before the bias correction", |o| &mut o.eps),
    ];
}

impl Preset for SparseAdamOptions {
    fn chain(&self, lr: Lr, cycled: Option<Lr>) -> Result<Chain, OptimError> {
        let (b1, b2) = self.betas;
        let core = maybe_cycled(ScaleBySparseAdam { b1, b2, eps: self.eps }, cycled);
        Ok(Chain(vec![core, Box::new(ScaleByLr::new(lr))]))
    }
}

/// Builds SparseAdam with its constant rate.
///
/// ```
/// use downhill_optim::{sparse_adam, SparseAdamOptions};
/// assert!(sparse_adam(SparseAdamOptions { lr: 0.01, ..Default::default() }).is_ok());
/// let err = sparse_adam(SparseAdamOptions { eps: 0.0, ..Default::default() }).unwrap_err();
/// assert!(err.to_string().contains("`eps`"));
/// ```
pub fn sparse_adam(o: SparseAdamOptions) -> Result<Chain, OptimError> {
    o.build()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Transform;

    #[test]
    fn defaults_match_torch() {
        let o = SparseAdamOptions::default();
        assert!((o.lr - 1e-3).abs() < 1e-18 && o.betas == (0.9, 0.999) && (o.eps - 1e-8).abs() < 1e-20);
    }

    #[test]
    fn the_chain_keeps_rows_rows_even_when_maximizing() {
        let o = SparseAdamOptions::default();
        assert!(o.build().unwrap().takes_rows());
        let maximizing = o.build_with(crate::Links { maximize: true, ..Default::default() }).unwrap();
        assert!(maximizing.takes_rows());
    }
}
