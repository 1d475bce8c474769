//! What `explain` computes, each option described once here (the CLI's flags and help read
//! `ATTRIBUTION_OPTIONS`); names and defaults are captum's:
//!   method    saliency | input-x-gradient | integrated-gradients | smoothgrad
//!   steps     integrated gradients' quadrature nodes (captum `n_steps`, 50), ≥ 1
//!   baseline  integrated gradients' x′: zeros, or the mean of the explained rows
//!   samples   smoothgrad's noisy copies per row (captum `nt_samples`, 5), ≥ 1
//!   stdevs    smoothgrad's noise standard deviation, in the model's input units (captum `stdevs`, 1.0), > 0
//!   seed      smoothgrad's noise draws
use crate::LearnError;
use serde::{Deserialize, Serialize};

/// An attribution method (see `attribute.rs` for the math).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// The absolute gradient of the score, `|g(x)|` (Simonyan et al. 2014; captum `Saliency`).
    Saliency,
    /// The gradient times the input (captum `InputXGradient`).
    InputXGradient,
    /// The path integral of the gradient from the baseline (Sundararajan et al. 2017; captum
    /// `IntegratedGradients`).
    IntegratedGradients,
    /// The absolute gradient averaged over noisy copies of the row (Smilkov et al. 2017; captum
    /// `NoiseTunnel(Saliency)`).
    SmoothGrad,
}

impl Method {
    /// Every method, in listing order.
    pub const ALL: [Method; 4] =
        [Method::Saliency, Method::InputXGradient, Method::IntegratedGradients, Method::SmoothGrad];

    /// The name as the CLI spells it (`integrated-gradients`).
    pub fn name(self) -> &'static str {
        match self {
            Method::Saliency => "saliency",
            Method::InputXGradient => "input-x-gradient",
            Method::IntegratedGradients => "integrated-gradients",
            Method::SmoothGrad => "smoothgrad",
        }
    }
}

impl std::str::FromStr for Method {
    type Err = LearnError;
    fn from_str(s: &str) -> Result<Method, LearnError> {
        let rule = ATTRIBUTION_OPTIONS[0].2;
        Method::ALL.into_iter().find(|m| m.name() == s).ok_or_else(|| LearnError::invalid("method", rule, s))
    }
}

/// Integrated gradients' reference input x′.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Baseline {
    /// All zeros in the model's inputs (for standardised features: the training mean).
    Zeros,
    /// The mean of the rows being explained.
    Mean,
}

impl std::str::FromStr for Baseline {
    type Err = LearnError;
    fn from_str(s: &str) -> Result<Baseline, LearnError> {
        match s {
            "zeros" => Ok(Baseline::Zeros),
            "mean" => Ok(Baseline::Mean),
            _ => Err(LearnError::invalid("baseline", ATTRIBUTION_OPTIONS[2].2, s)),
        }
    }
}

/// (name, default, rule, help) of each option.
pub const ATTRIBUTION_OPTIONS: &crate::OptionTable = &[
    (
        "method",
        "integrated-gradients",
        "saliency, input-x-gradient, integrated-gradients or smoothgrad",
        "how each feature's attribution is computed (captum's definitions), on the model's inputs after \
         its stored preprocessing, summed back to each original column (a one-hot group to its column); \
         saliency and smoothgrad measure sensitivity whatever the input's value, input-x-gradient and \
         integrated gradients weigh by it",
    ),
    ("steps", "50", ">= 1", "integrated gradients: Gauss-Legendre nodes on the path from the baseline"),
    (
        "baseline",
        "zeros",
        "zeros or mean",
        "integrated gradients: the reference input, zeros (for standardised columns: the training mean) \
         or the mean of the explained rows",
    ),
    ("samples", "5", ">= 1", "smoothgrad: noisy copies of each row"),
    (
        "stdevs",
        "1.0",
        "> 0 and finite",
        "smoothgrad: standard deviation of the noise, in the model's input units",
    ),
    ("seed", "0", "any integer", "smoothgrad: seed of the noise draws"),
];

/// What `explain` computes, with captum's defaults (see the module docs and `ATTRIBUTION_OPTIONS`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttributionSettings {
    /// The attribution method (default integrated gradients).
    pub method: Method,
    /// Integrated gradients' Gauss-Legendre nodes (captum `n_steps`, default 50); >= 1.
    pub steps: usize,
    /// Integrated gradients' reference input (default zeros).
    pub baseline: Baseline,
    /// SmoothGrad's noisy copies per row (captum `nt_samples`, default 5); >= 1.
    pub samples: usize,
    /// SmoothGrad's noise standard deviation, in the model's input units (captum `stdevs`, default 1.0); > 0.
    pub stdevs: f64,
    /// Seed of SmoothGrad's noise (default 0).
    pub seed: u64,
}

impl Default for AttributionSettings {
    fn default() -> Self {
        AttributionSettings {
            method: Method::IntegratedGradients,
            steps: 50,
            baseline: Baseline::Zeros,
            samples: 5,
            stdevs: 1.0,
            seed: 0,
        }
    }
}

impl AttributionSettings {
    /// Checks `steps`, `samples` and `stdevs`; the error names the first bad one.
    pub fn validate(&self) -> Result<(), LearnError> {
        for (name, v) in [("steps", self.steps), ("samples", self.samples)] {
            if v == 0 {
                return Err(LearnError::invalid(name, "an integer >= 1", 0));
            }
        }
        if !(self.stdevs.is_finite() && self.stdevs > 0.0) {
            return Err(LearnError::invalid("stdevs", "> 0 and finite", self.stdevs));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_states_the_defaults() {
        let defaults = AttributionSettings::default();
        crate::table_defaults::assert_defaults_stated(ATTRIBUTION_OPTIONS, &defaults, &[]);
    }
}
