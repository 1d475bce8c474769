//! What the network's outputs mean: the loss trained on, how targets are presented to it, how
//! outputs become predictions and probabilities, and the validation metric.
//!   Squared      loss ½-free MSE mean (ŷ − y)²       predict ŷ                     metric R²
//!   Huber δ      torch HuberLoss                        predict ŷ                     metric R²
//!   ScaledHuber ε  scikit-learn HuberRegressor's loss,  predict ŷ                     metric R²
//!                the scale estimated jointly (downhill-nn's ScaledHuber)
//!   Logistic     BCE on the logit z, y ∈ {0, 1}         predict [z > 0], p = σ(z)     metric accuracy
//!   Multinomial  softmax cross-entropy, y a class id    predict argmax z, p = softmax  metric accuracy
//!   Hinge        mean max(0, 1 − t·z), t = 2y − 1 ∈ ±1  predict [z > 0]               metric accuracy
use crate::metrics::{accuracy, r2};
use downhill_autograd::Var;
use downhill_nn::{BceWithLogits, CrossEntropy, Hinge, Huber, Loss, Mse, ScaledHuber};
use downhill_tensor::Tensor;
use serde::{Deserialize, Serialize};

/// What the network minimises and what its outputs mean (see the module docs for each objective's loss,
/// prediction and metric).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Objective {
    /// Mean squared error; outputs are values.
    Squared,
    /// torch's `HuberLoss`: quadratic within `delta` of the target, linear beyond; outputs are values.
    Huber {
        /// Where the loss turns linear, > 0 (torch default 1.0).
        delta: f64,
    },
    /// scikit-learn's `HuberRegressor` loss: Huber beyond `epsilon` times a scale minimised out
    /// per batch (downhill-nn's `ScaledHuber`); outputs are values.
    ScaledHuber {
        /// Residuals beyond ε·σ count linearly, ≥ 1 (scikit-learn default 1.35).
        epsilon: f64,
    },
    /// Binary cross-entropy on one logit; targets are 0 or 1.
    Logistic,
    /// Softmax cross-entropy on one logit per class; targets are class ids.
    Multinomial,
    /// Hinge loss `mean max(0, 1 - t z)` with `t = 2y - 1`; targets are 0 or 1.
    Hinge,
}

impl Objective {
    /// Whether the outputs are class scores (logistic, multinomial, hinge) rather than values.
    pub fn is_classifier(self) -> bool {
        matches!(self, Objective::Logistic | Objective::Multinomial | Objective::Hinge)
    }

    /// Width of the network's output for `classes` classes (ignored for regression).
    pub fn outputs(self, classes: usize) -> usize {
        match self {
            Objective::Multinomial => classes,
            _ => 1,
        }
    }

    /// `y` ([n, 1]: values or class ids) as the loss expects it.
    pub fn targets(self, y: &Tensor) -> Tensor {
        match self {
            Objective::Hinge => y.map(|c| 2.0 * c - 1.0),
            _ => y.clone(),
        }
    }

    /// The loss of outputs `out` against targets (as `targets` presents them), a scalar on the tape.
    pub fn loss<'t>(self, out: Var<'t>, target: Var<'t>) -> Var<'t> {
        match self {
            Objective::Squared => Mse.loss(out, target),
            Objective::Huber { delta } => Huber { delta: delta as f32 }.loss(out, target),
            Objective::ScaledHuber { epsilon } => ScaledHuber { epsilon }.loss(out, target),
            Objective::Logistic => BceWithLogits.loss(out, target),
            Objective::Multinomial => CrossEntropy.loss(out, target),
            Objective::Hinge => Hinge.loss(out, target),
        }
    }

    /// Predictions from outputs: values, or class ids as f32, shape [n, 1].
    pub fn predict(self, out: &Tensor) -> Tensor {
        let n = out.rows();
        match self {
            Objective::Squared | Objective::Huber { .. } | Objective::ScaledHuber { .. } => out.clone(),
            Objective::Logistic | Objective::Hinge => out.map(|z| if z > 0.0 { 1.0 } else { 0.0 }),
            Objective::Multinomial => {
                let ids = out.argmax_axis(1).into_iter().map(|c| c as f32).collect();
                Tensor::from_vec(ids, [n, 1]).unwrap_or_else(|e| panic!("argmax gives one id per row: {e}"))
            }
        }
    }

    /// Class probabilities [n, classes], for the objectives that model them.
    pub fn proba(self, out: &Tensor) -> Option<Tensor> {
        match self {
            Objective::Logistic => {
                let data = out.data().iter().flat_map(|&z| {
                    let p = 1.0 / (1.0 + (-z).exp());
                    [1.0 - p, p]
                });
                Tensor::from_vec(data.collect(), [out.rows(), 2]).ok()
            }
            Objective::Multinomial => Some(softmax_rows(out)),
            _ => None,
        }
    }

    /// The validation metric of outputs `out` against targets `y` (as given, before `targets`).
    pub fn metric(self, out: &Tensor, y: &Tensor) -> f64 {
        match self.is_classifier() {
            true => accuracy(y, &self.predict(out)),
            false => r2(y, out),
        }
    }

    /// The validation metric's name: `accuracy` or `r2`.
    pub fn metric_name(self) -> &'static str {
        if self.is_classifier() {
            "accuracy"
        } else {
            "r2"
        }
    }
}

/// Row-wise softmax, max-shifted so large logits stay finite.
fn softmax_rows(out: &Tensor) -> Tensor {
    let mut p = out.clone();
    let k = out.cols();
    for row in p.data_mut().chunks_mut(k) {
        let m = row.iter().fold(f32::NEG_INFINITY, |a, &b| a.max(b));
        row.iter_mut().for_each(|v| *v = (*v - m).exp());
        let s: f32 = row.iter().sum();
        row.iter_mut().for_each(|v| *v /= s);
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn predictions_and_probabilities_follow_the_output_meaning() {
        let z = Tensor::from_rows(&[[2.0], [-1.0]]).unwrap();
        // Exact: predictions are class ids chosen by thresholding, not computed values.
        assert_eq!(Objective::Logistic.predict(&z).data(), &[1.0, 0.0]);
        let p = Objective::Logistic.proba(&z).unwrap();
        assert!(
            (p.at(&[0, 1]) - 1.0 / (1.0 + (-2.0f32).exp())).abs() < 1e-6
                && (p.row(1).iter().sum::<f32>() - 1.0).abs() < 1e-6
        );
        let logits = Tensor::from_rows(&[[1.0, 3.0, 2.0], [500.0, 0.0, 0.0]]).unwrap();
        assert_eq!(Objective::Multinomial.predict(&logits).data(), &[1.0, 0.0]); // exact: argmax class ids
        let p = Objective::Multinomial.proba(&logits).unwrap();
        assert!(p.all_finite() && (p.at(&[1, 0]) - 1.0).abs() < 1e-6);
        // Exact: labels 0/1 map to the small integers −1/+1.
        assert_eq!(Objective::Hinge.targets(&Tensor::vector(vec![0.0, 1.0])).data(), &[-1.0, 1.0]);
        assert!(Objective::Hinge.proba(&z).is_none());
        assert_eq!(Objective::Squared.metric_name(), "r2");
    }
}
