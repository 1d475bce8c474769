//! Choosing the next token from a model's logits z (one row of V values):
//!   greedy       argmax_i z_i (the first on ties)
//!   sample       p_i ∝ exp(z_i / τ) over the k largest z_i (all when `top_k` is absent),
//!                then one draw from p (the inverse CDF at a uniform u from the seeded stream)
//! τ > 0; τ → 0 approaches greedy, τ = 1 is the model's own distribution (nanoGPT's `generate`).
//! Each option of `generate` is described once, in `SAMPLING_OPTIONS` (the CLI's flags read it).
use crate::LearnError;
use downhill_tensor::{Float, Rng};

/// Characters added after the prompt when the caller does not say.
pub const DEFAULT_LENGTH: usize = 500;

/// (name, default, rule, help) of each option of sampling text from a language model.
pub const SAMPLING_OPTIONS: &crate::OptionTable = &[
    ("length", "500", ">= 0", "characters to add after the prompt"),
    (
        "temperature",
        "1",
        "> 0",
        "divide the logits by T before sampling: below 1 is more conservative, 1 samples the model's \
         own distribution; for the most likely character each time, decode greedily",
    ),
    ("top_k", "all", ">= 1", "sample only among the K most likely characters"),
];

/// How the next token is chosen from the logits (see the module docs).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Decoding {
    /// The most likely token.
    Greedy,
    /// A draw from the softmax of `z / temperature` over the `top_k` largest logits.
    Sample {
        /// τ > 0: below 1 sharpens the distribution, above 1 flattens it.
        temperature: f64,
        /// Keep only the k most likely tokens; `None`: all.
        top_k: Option<usize>,
    },
}

impl Decoding {
    /// Sampling at `temperature` (default 1) among the `top_k` most likely tokens (default all),
    /// checked against `SAMPLING_OPTIONS`' rules; the error names the option.
    pub fn sample(temperature: Option<f64>, top_k: Option<usize>) -> Result<Decoding, LearnError> {
        let decoding = Decoding::Sample { temperature: temperature.unwrap_or(1.0), top_k };
        decoding.check()?;
        Ok(decoding)
    }

    /// Checks the temperature is finite and > 0 and `top_k` >= 1.
    pub fn check(self) -> Result<(), LearnError> {
        let Decoding::Sample { temperature, top_k } = self else { return Ok(()) };
        if !(temperature > 0.0 && temperature.is_finite()) {
            return Err(LearnError::invalid(
                "temperature",
                "a number > 0 (for the most likely character each time, decode greedily: --greedy)",
                temperature,
            ));
        }
        if top_k == Some(0) {
            return Err(LearnError::invalid("top_k", "an integer >= 1", 0));
        }
        Ok(())
    }

    /// The next token for `logits`.
    pub fn choose(self, logits: &[Float], rng: &mut Rng) -> usize {
        let argmax = || (0..logits.len()).fold(0, |b, i| if logits[i] > logits[b] { i } else { b });
        let (temperature, top_k) = match self {
            Decoding::Greedy => return argmax(),
            Decoding::Sample { temperature, top_k } => (temperature, top_k),
        };
        let k = top_k.unwrap_or(logits.len()).clamp(1, logits.len());
        let mut sorted: Vec<Float> = logits.to_vec();
        sorted.sort_unstable_by(|a, b| b.total_cmp(a));
        let (cut, max) = (sorted[k - 1], sorted[0]);
        let weights: Vec<f64> = logits
            .iter()
            .map(|&z| if z >= cut { ((z - max) as f64 / temperature).exp() } else { 0.0 })
            .collect();
        let u = rng.unit_f64() * weights.iter().sum::<f64>();
        let mut acc = 0.0;
        for (i, w) in weights.iter().enumerate() {
            acc += w;
            if u < acc {
                return i;
            }
        }
        argmax()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greedy_top_k_and_temperature() {
        let z = [0.0, 2.0, 1.0, -1.0];
        let mut rng = Rng::seed(4);
        assert_eq!(Decoding::Greedy.choose(&z, &mut rng), 1);
        let top2 = Decoding::Sample { temperature: 1.0, top_k: Some(2) };
        let draws: Vec<usize> = (0..400).map(|_| top2.choose(&z, &mut rng)).collect();
        assert!(draws.iter().all(|&i| i == 1 || i == 2));
        // p(1) = e² / (e² + e) = 0.731; 400 draws: standard error 0.022, so ±0.1 is 4.5σ.
        let share = draws.iter().filter(|&&i| i == 1).count() as f64 / 400.0;
        assert!((share - 0.731).abs() < 0.1, "{share}");
        let cold = Decoding::Sample { temperature: 0.01, top_k: None };
        assert!((0..50).all(|_| cold.choose(&z, &mut rng) == 1));
    }

    #[test]
    fn options_are_checked_against_their_table() {
        let default = Decoding::sample(None, None).unwrap();
        let row = |name: &str| SAMPLING_OPTIONS.iter().find(|r| r.0 == name).unwrap();
        let Decoding::Sample { temperature, top_k } = default else { panic!("{default:?}") };
        assert_eq!(temperature.to_string(), row("temperature").1);
        assert_eq!((top_k, row("top_k").1), (None, "all"));
        assert_eq!(DEFAULT_LENGTH.to_string(), row("length").1);
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            let e = Decoding::sample(Some(bad), None).unwrap_err().to_string();
            assert!(e.contains("temperature") && e.contains("> 0"), "{e}");
        }
        let e = Decoding::sample(None, Some(0)).unwrap_err().to_string();
        assert!(e.contains("top_k") && e.contains(">= 1"), "{e}");
        assert!(Decoding::sample(Some(0.8), Some(5)).is_ok() && Decoding::Greedy.check().is_ok());
    }
}
