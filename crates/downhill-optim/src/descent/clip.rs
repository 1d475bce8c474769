//! Gradient clipping as a setting: none, torch's `clip_grad_norm_(max_norm)` or
//! `clip_grad_value_(clip_value)`. Either is a link placed first in the chain, so it sees the raw
//! gradient, as torch clips before `step()`. Serialised in model files as `"none"`,
//! `{"global_norm": c}` or `{"value": v}`.
use crate::describe::Range;
use crate::error::check_in;
use crate::{Chain, ClipByGlobalNorm, ClipByValue, OptimError};
use serde::{Deserialize, Serialize};

/// Gradient clipping, as `downhill train --clip-norm/--clip-value` and model files give it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Clip {
    /// No clipping (the default).
    #[default]
    None,
    /// Rescale all gradients together to global L2 norm <= max_norm.
    GlobalNorm(f64),
    /// Clamp each gradient component to [-v, v].
    Value(f64),
}

impl Clip {
    /// `tx` with the clipping link in front; the bound must be finite and > 0.
    ///
    /// ```
    /// use downhill_optim::{sgd, Clip, SgdOptions};
    /// let tx = Clip::GlobalNorm(1.0).apply(sgd(SgdOptions::default()).unwrap()).unwrap();
    /// assert_eq!(tx.0.len(), 2);
    /// assert!(Clip::Value(0.0).apply(sgd(SgdOptions::default()).unwrap()).is_err());
    /// ```
    pub fn apply(self, tx: Chain) -> Result<Chain, OptimError> {
        Ok(match self {
            Clip::None => tx,
            Clip::GlobalNorm(c) => {
                check_in("clip_norm", Range::Positive, c)?;
                tx.after(ClipByGlobalNorm(c))
            }
            Clip::Value(v) => {
                check_in("clip_value", Range::Positive, v)?;
                tx.after(ClipByValue(v))
            }
        })
    }
}
