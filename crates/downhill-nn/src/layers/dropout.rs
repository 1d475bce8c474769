//! Inverted dropout (Srivastava et al. 2014, as torch's `nn.Dropout`): in training each value is kept
//! with probability 1 − p and scaled by 1/(1 − p), so evaluation needs no rescaling and is the identity.
//!   train: y = x ⊙ m,  m_i = 1/(1−p) with probability 1−p, else 0;   eval: y = x
use crate::{Ctx, Module, NnError};
use downhill_autograd::{Param, Var};
use downhill_tensor::{Float, Rng, Shape, Tensor};

/// An inverted-dropout mask of `shape`: 0 with probability `p`, else 1/(1 − p).
pub(crate) fn mask(p: f64, shape: impl Into<Shape>, rng: &mut Rng) -> Tensor {
    let (keep, shape) = (1.0 - p, shape.into());
    let scale = if keep > 0.0 { (1.0 / keep) as Float } else { 0.0 };
    let data = (0..shape.numel()).map(|_| if rng.bernoulli(keep) { scale } else { 0.0 }).collect();
    Tensor::from_vec(data, shape).expect("mask has one value per element")
}

/// Inverted dropout, torch's `nn.Dropout(p)`: zeroes each value with probability `p` in training
/// (rescaling the rest by 1/(1 − p)); the identity in evaluation. Any input shape.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Dropout {
    p: f64,
}

impl Dropout {
    /// `p` is the probability of zeroing a value, in [0, 1].
    pub fn new(p: f64) -> Result<Dropout, NnError> {
        if !(0.0..=1.0).contains(&p) {
            return Err(NnError::invalid("dropout", "a probability in [0, 1]", p));
        }
        Ok(Dropout { p })
    }
    /// The probability of zeroing a value.
    pub fn p(&self) -> f64 {
        self.p
    }
}

impl Module for Dropout {
    fn forward<'t>(&mut self, cx: &Ctx<'t>, x: Var<'t>) -> Var<'t> {
        if !cx.is_training() || self.p == 0.0 {
            return x;
        }
        x.dropout_mask(cx.with_rng(|rng| mask(self.p, x.shape(), rng)))
    }
    fn params(&self) -> Vec<&Param> {
        vec![]
    }
    fn params_mut(&mut self) -> Vec<&mut Param> {
        vec![]
    }
    fn describe(&self) -> String {
        format!("Dropout(p = {})", self.p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_autograd::Tape;

    #[test]
    fn training_keeps_the_expected_fraction_scaled_and_eval_is_identity() {
        let tape = Tape::new();
        let x = tape.leaf(Tensor::ones([100, 100]));
        let mut d = Dropout::new(0.2).unwrap();
        let y = d.forward(&Ctx::train(&tape, 7), x).value().clone();
        // Exact zeros, here and below: a dropped value is x · 0.
        let kept = y.data().iter().filter(|&&v| v != 0.0).count() as f64 / 1e4;
        // 10k Bernoulli(0.8) draws: standard error 0.004.
        assert!((kept - 0.8).abs() < 0.02, "kept {kept}");
        assert!(y.data().iter().all(|&v| v == 0.0 || (v - 1.25).abs() < 1e-6));
        // Exact: evaluation returns the input itself.
        assert_eq!(d.forward(&Ctx::eval(&tape), x).value().data(), x.value().data());
    }

    #[test]
    fn rejects_probabilities_outside_the_unit_interval() {
        assert!(Dropout::new(1.5).unwrap_err().to_string().contains("dropout"));
        assert!(Dropout::new(-0.1).is_err());
    }
}
