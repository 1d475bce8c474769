//! Adafactor as `torch.optim.Adafactor` (torch >= 2.5; maximize is a link, foreach does not apply):
//!   u = g / sqrt(v), v factored over the last two axes of a matrix (row and column means)
//!   p <- p (1 - lr_t wd) - max(eps2, RMS(p)) min(lr_t, 1 / sqrt(t)) / max(1, RMS(u) / d) u
//! Chain: ScaleByAdafactor, which holds the rate: lr caps a relative step instead of scaling it.
//! torch's `eps` pair is two options here, `eps1` and `eps2` (its own errors say epsilon1 and
//! epsilon2): `--eps` is already one number for the Adam family and RMSprop.
use super::no_cycled_momentum::no_cycled_momentum;
use crate::describe::{Described, Field, Hyper, Preset, Range};
use crate::{Chain, Lr, OptimError, ScaleByAdafactor, ScaleByLr};
use serde::{Deserialize, Serialize};

/// `torch.optim.Adafactor`'s arguments (Shazeer & Stern 2018); `Default` is torch's defaults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdafactorOptions {
    /// Learning rate, the cap of the relative step `min(lr_t, 1 / sqrt(t))` (torch `lr`, default 1e-2); >= 0.
    pub lr: f64,
    /// Second-moment decay: step `t`'s weight is `t^beta2_decay` (torch `beta2_decay`, default -0.8); <= 0.
    pub beta2_decay: f64,
    /// torch's `(eps1, eps2)`; `None` for eps1 is the machine epsilon of the float type.
    pub eps: (Option<f64>, f64),
    /// Clipping threshold of the update's RMS, `u / max(1, RMS(u) / d)` (torch `d`, default 1.0); >= 1.
    pub d: f64,
    /// Decoupled weight decay `p <- p (1 - lr_t wd)` (torch `weight_decay`, default 0); >= 0.
    pub weight_decay: f64,
}

impl Default for AdafactorOptions {
    fn default() -> Self {
        AdafactorOptions { lr: 1e-2, beta2_decay: -0.8, eps: (None, 1e-3), d: 1.0, weight_decay: 0.0 }
    }
}

impl Described for AdafactorOptions {
    const NAME: &'static str = "adafactor";
    const OPTIONS: &'static [Hyper<Self>] = &[
        Hyper::float("lr", Range::NonNegative, "learning rate", |o| &mut o.lr),
        Hyper::float("beta2_decay", Range::NonPositive, "second-moment decay: weight t^beta2_decay", |o| {
            &mut o.beta2_decay
        }),
        Hyper::with(
            "eps1",
            Range::NonNegative,
            "second-moment floor, torch eps[0] (unset: the float's machine epsilon)",
            Field::DerivedFloat(|o: &mut Self| &mut o.eps.0),
        )
        .labelled("eps.0"),
        Hyper::float(
            "eps2",
            Range::NonNegative,
            "floor of the parameter RMS, torch eps[1]",
            |o: &mut Self| &mut o.eps.1,
        )
        .labelled("eps.1"),
        Hyper::float("d", Range::OneOrMore, "clipping threshold of the update RMS", |o| &mut o.d),
        Hyper::float("weight_decay", Range::NonNegative, "decoupled weight decay, times lr", |o| {
            &mut o.weight_decay
        }),
    ];
}

impl Preset for AdafactorOptions {
    fn chain(&self, lr: Lr, cycled: Option<Lr>) -> Result<Chain, OptimError> {
        no_cycled_momentum(&cycled)?;
        let (beta2_decay, (eps1, eps2), d) = (self.beta2_decay, self.eps, self.d);
        let weight_decay = self.weight_decay;
        let rate = ScaleByLr::new(lr);
        Ok(chain![ScaleByAdafactor { beta2_decay, eps1, eps2, d, weight_decay, rate }])
    }
}

/// Builds Adafactor with its constant rate.
///
/// ```
/// use downhill_optim::{adafactor, AdafactorOptions};
/// assert!(adafactor(AdafactorOptions { eps: (Some(1e-30), 1e-3), ..Default::default() }).is_ok());
/// let err = adafactor(AdafactorOptions { d: 0.5, ..Default::default() }).unwrap_err();
/// assert!(err.to_string().contains("`d`"));
/// ```
pub fn adafactor(o: AdafactorOptions) -> Result<Chain, OptimError> {
    o.build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_torch() {
        let o = AdafactorOptions::default();
        assert!((o.lr - 1e-2).abs() < 1e-18 && (o.beta2_decay + 0.8).abs() < 1e-18);
        assert!(o.eps.0.is_none() && (o.eps.1 - 1e-3).abs() < 1e-18);
        assert!((o.d - 1.0).abs() < 1e-18 && o.weight_decay == 0.0);
    }

    #[test]
    fn eps_is_torch_s_pair_in_json_and_two_labelled_options() {
        let json = serde_json::to_string(&AdafactorOptions::default()).unwrap();
        assert!(json.contains(r#""eps":[null,0.001]"#), "{json}");
        let e = adafactor(AdafactorOptions { eps: (Some(-1.0), 1e-3), ..Default::default() }).unwrap_err();
        assert!(e.to_string().contains("`eps.0`"), "{e}");
        let e = adafactor(AdafactorOptions { beta2_decay: 0.5, ..Default::default() }).unwrap_err();
        assert!(e.to_string().contains("<= 0"), "{e}");
    }
}
