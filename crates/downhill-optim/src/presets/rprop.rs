//! Rprop as `torch.optim.Rprop` (maximize is a link; foreach and capturable do not apply):
//!   d <- clamp(d * (etaplus | etaminus | 1), step_sizes.0, step_sizes.1) by the sign of g g_prev
//!   p <- p - sign(g) d   (no step after a sign flip);   d starts at lr
//! Chain: ScaleByRprop, which holds the rate: lr is the initial step size, not a factor of the
//! step, and as in torch a schedule does not change the steps. No momentum, so no cycled momentum.
use super::no_cycled_momentum::no_cycled_momentum;
use crate::describe::{Described, Hyper, PairRange, Preset, Range};
use crate::{Chain, Lr, OptimError, ScaleByLr, ScaleByRprop};
use serde::{Deserialize, Serialize};

/// `torch.optim.Rprop`'s arguments (Riedmiller & Braun 1993); `Default` is torch's defaults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RpropOptions {
    /// Initial step size of every component (torch `lr`, default 1e-2); >= 0. A schedule does not change the
    /// steps, as in torch.
    pub lr: f64,
    /// `(etaminus, etaplus)`: the step-size factors after a sign flip and after a kept sign.
    pub etas: (f64, f64),
    /// `(min, max)` step size.
    pub step_sizes: (f64, f64),
}

impl Default for RpropOptions {
    fn default() -> Self {
        RpropOptions { lr: 1e-2, etas: (0.5, 1.2), step_sizes: (1e-6, 50.0) }
    }
}

/// torch's own check, `0 < etaminus < 1 < etaplus`.
const ETAS: PairRange = PairRange::new(Range::UnitExclusive, Range::AboveOne);
/// torch checks nothing here; a zero or inverted bound would freeze or pin every step size.
const STEP_SIZES: PairRange = PairRange::new(Range::Positive, Range::Positive).ordered();

impl Described for RpropOptions {
    const NAME: &'static str = "rprop";
    const OPTIONS: &'static [Hyper<Self>] = &[
        Hyper::float("lr", Range::NonNegative, "learning rate", |o| &mut o.lr),
        Hyper::pair(
            "etas",
            ["etas.0", "etas.1"],
            &ETAS,
            "etaminus,etaplus: step-size factors after a sign flip and after a kept sign",
            |o| &mut o.etas,
        ),
        Hyper::pair("step_sizes", ["step_sizes.0", "step_sizes.1"], &STEP_SIZES, "min,max step size", |o| {
            &mut o.step_sizes
        }),
    ];
}

impl Preset for RpropOptions {
    fn chain(&self, lr: Lr, cycled: Option<Lr>) -> Result<Chain, OptimError> {
        no_cycled_momentum(&cycled)?;
        let ((etaminus, etaplus), (step_min, step_max)) = (self.etas, self.step_sizes);
        Ok(chain![ScaleByRprop { etaminus, etaplus, step_min, step_max, rate: ScaleByLr::new(lr) }])
    }
}

/// Builds Rprop with its constant rate.
///
/// ```
/// use downhill_optim::{rprop, RpropOptions};
/// assert!(rprop(RpropOptions::default()).is_ok());
/// let err = rprop(RpropOptions { etas: (0.5, 1.0), ..Default::default() }).unwrap_err();
/// assert!(err.to_string().contains("`etas.1`"));
/// ```
pub fn rprop(o: RpropOptions) -> Result<Chain, OptimError> {
    o.build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_torch() {
        let o = RpropOptions::default();
        assert!((o.lr - 1e-2).abs() < 1e-18 && o.etas == (0.5, 1.2));
        assert!((o.step_sizes.0 - 1e-6).abs() < 1e-20 && (o.step_sizes.1 - 50.0).abs() < 1e-12);
    }

    #[test]
    fn pairs_are_checked_as_torch_orders_them() {
        let bad = |o: RpropOptions| rprop(o).unwrap_err().to_string();
        assert!(bad(RpropOptions { etas: (1.0, 1.2), ..Default::default() }).contains("`etas.0`"));
        let e = bad(RpropOptions { step_sizes: (1.0, 0.5), ..Default::default() });
        assert!(e.contains("`step_sizes.0`: 1 (must be <= step_sizes.1 = 0.5)"), "{e}");
        let json = serde_json::to_string(&RpropOptions::default()).unwrap();
        assert_eq!(json, r#"{"lr":0.01,"etas":[0.5,1.2],"step_sizes":[1e-6,50.0]}"#);
    }
}
