//! Lookahead's options, applied around any preset's chain (`transforms/lookahead.rs` has the rule).
//! Named as timm keeps them in its parameter groups, `lookahead_k` and `lookahead_alpha`: `--alpha`
//! is already RMSprop's smoothing constant and ASGD's power, and these wrap every optimizer, so
//! they are options of every chain (`OptimizerKind::options`), as `maximize` is.
use crate::describe::{Described, Hyper, Range};
use crate::{Chain, Lookahead, OptimError};
use serde::{Deserialize, Serialize};

/// Lookahead's `k` and `alpha` (Zhang et al. 2019); `Default` is the paper's (k 5, alpha 0.5; timm's default
/// k is 6).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct LookaheadOptions {
    /// Steps of the inner optimizer between two syncs of the slow weights (timm `lookahead_k`, default 5); >=
    /// 1.
    pub k: usize,
    /// Fraction the slow weights move towards the fast ones at each sync (timm `lookahead_alpha`, default
    /// 0.5); in [0, 1].
    pub alpha: f64,
}

impl Default for LookaheadOptions {
    fn default() -> Self {
        LookaheadOptions { k: 5, alpha: 0.5 }
    }
}

impl Described for LookaheadOptions {
    const NAME: &'static str = "lookahead";
    const OPTIONS: &'static [Hyper<Self>] = &[
        Hyper::count("lookahead_k", "Lookahead: sync the slow weights every k steps; giving it turns Lookahead on", |o| {
            &mut o.k
        }),
        Hyper::float(
            "lookahead_alpha",
            Range::UnitClosed,
            "Lookahead: the slow weights move this fraction towards the fast ones; giving it turns Lookahead on",
            |o| &mut o.alpha,
        ),
    ];
}

impl LookaheadOptions {
    /// `tx` inside Lookahead, after checking k >= 1 and alpha in [0, 1] (timm's rules).
    ///
    /// ```
    /// use downhill_optim::{sgd, LookaheadOptions, SgdOptions};
    /// assert!(LookaheadOptions::default().wrap(sgd(SgdOptions::default()).unwrap()).is_ok());
    /// let bad = LookaheadOptions { alpha: 1.5, ..Default::default() };
    /// assert!(bad.wrap(sgd(SgdOptions::default()).unwrap()).unwrap_err().to_string().contains("lookahead_alpha"));
    /// ```
    pub fn wrap(&self, tx: Chain) -> Result<Chain, OptimError> {
        self.validate()?;
        Ok(chain![Lookahead { inner: tx, k: self.k, alpha: self.alpha }])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_the_paper() {
        let o = LookaheadOptions::default();
        assert!(o.k == 5 && (o.alpha - 0.5).abs() < 1e-18);
        let e = LookaheadOptions { k: 0, ..o }.wrap(Chain::default()).unwrap_err().to_string();
        assert!(e.contains("lookahead_k"), "{e}");
    }
}
