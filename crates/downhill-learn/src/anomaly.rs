//! Anomaly scores of rows under a trained model, one per row:
//!   reconstruction  an autoencoder's (outputs as wide as its inputs) mean squared error,
//!                   (1/d)·‖f(x) − x‖²; higher is more anomalous
//!   gradient-norm   ‖∇_θ L(x)‖₂ over every parameter, the row's loss L taken as GradCon does for
//!                   an autoencoder (its reconstruction error: higher is more anomalous) and as
//!                   GradNorm does for a classifier (KL(u ‖ softmax f(x)) to the uniform u over
//!                   the C classes, = −log C − (1/C)·Σ_c log softmax_c: a confident, familiar row
//!                   has the larger gradient, so lower is more anomalous)
//! Rows are scored in evaluation mode; each gradient-norm row is one backward pass. Flagging by a
//! contamination fraction f marks the round(f·n) rows (at least one) of highest oriented score.
//! Each option is described once, in `ANOMALY_OPTIONS` (the CLI's flags read it).
use crate::error::check_in;
use crate::{LearnError, Model, Objective};
use downhill_autograd::Tape;
use downhill_nn::{Ctx, Module};
use downhill_optim::Range;
use downhill_tensor::{Gradient, Tensor};
use serde::{Deserialize, Serialize};

/// Rows per forward pass of the reconstruction score.
const CHUNK: usize = 256;

/// (name, default, rule, help) of each option of scoring rows.
pub const ANOMALY_OPTIONS: &crate::OptionTable = &[
    (
        "score",
        "gradient-norm",
        "reconstruction or gradient-norm",
        "the rows' anomaly score: reconstruction is an autoencoder's mean squared error, higher is \
         more anomalous; gradient-norm is ‖∇θ loss‖ for an autoencoder's reconstruction loss (as \
         GradCon; higher is more anomalous) or a softmax classifier's KL divergence to the uniform \
         distribution (as GradNorm; lower is more anomalous)",
    ),
    ("contamination", "none", "in (0, 1)", "flag this fraction of the rows, the most anomalous"),
];

/// Which anomaly score to compute per row (see the module docs); the CLI spells them `reconstruction` and
/// `gradient-norm`. The default is the gradient norm, which works for both model kinds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AnomalyScore {
    /// An autoencoder's mean squared reconstruction error per row; higher is more anomalous.
    Reconstruction,
    /// The L2 norm of the row's loss gradient over every parameter (GradCon for an autoencoder, GradNorm for
    /// a softmax classifier).
    #[default]
    GradientNorm,
}

impl AnomalyScore {
    /// Every score, in listing order.
    pub const ALL: [AnomalyScore; 2] = [AnomalyScore::Reconstruction, AnomalyScore::GradientNorm];

    /// The name as the CLI spells it.
    pub fn name(self) -> &'static str {
        match self {
            AnomalyScore::Reconstruction => "reconstruction",
            AnomalyScore::GradientNorm => "gradient-norm",
        }
    }
}

impl std::str::FromStr for AnomalyScore {
    type Err = LearnError;
    fn from_str(s: &str) -> Result<AnomalyScore, LearnError> {
        let rule = ANOMALY_OPTIONS[0].2;
        AnomalyScore::ALL
            .into_iter()
            .find(|a| a.name() == s)
            .ok_or_else(|| LearnError::invalid("score", rule, s))
    }
}

/// Scores and which way they point.
#[derive(Clone, Debug, PartialEq)]
pub struct AnomalyScores {
    /// One score per row, in row order.
    pub values: Vec<f64>,
    /// True when a higher value is more anomalous.
    pub higher_is_anomalous: bool,
}

impl AnomalyScores {
    /// The values turned so that higher is more anomalous (for ranking metrics and flagging).
    pub fn oriented(&self) -> Vec<f64> {
        let sign = if self.higher_is_anomalous { 1.0 } else { -1.0 };
        self.values.iter().map(|v| sign * v).collect()
    }

    /// Checks a contamination fraction is in (0, 1), as `flagged` does (for a caller that wants the
    /// error before scoring).
    pub fn check_contamination(contamination: f64) -> Result<(), LearnError> {
        check_in("contamination", Range::UnitExclusive, contamination)
    }

    /// The rows flagged at `contamination` (in (0, 1)): the round(contamination · rows) most
    /// anomalous, at least one.
    pub fn flagged(&self, contamination: f64) -> Result<Vec<bool>, LearnError> {
        AnomalyScores::check_contamination(contamination)?;
        let oriented = self.oriented();
        let k = ((contamination * oriented.len() as f64).round() as usize).max(1).min(oriented.len());
        let mut order: Vec<usize> = (0..oriented.len()).collect();
        order.sort_by(|&a, &b| oriented[b].total_cmp(&oriented[a]));
        let mut out = vec![false; oriented.len()];
        order[..k].iter().for_each(|&i| out[i] = true);
        Ok(out)
    }
}

impl Model {
    /// `score` for every row of `x` (the model's inputs); see the module docs.
    pub fn anomaly_scores(&mut self, x: &Tensor, score: AnomalyScore) -> Result<AnomalyScores, LearnError> {
        let autoencoder = self.architecture.outputs() == self.features() && !self.objective.is_classifier();
        let classifier = self.objective == Objective::Multinomial;
        match (score, autoencoder, classifier) {
            (AnomalyScore::Reconstruction, true, _) => {
                Ok(AnomalyScores { values: reconstruction(self, x), higher_is_anomalous: true })
            }
            (AnomalyScore::GradientNorm, true, _) | (AnomalyScore::GradientNorm, _, true) => {
                Ok(AnomalyScores { values: gradient_norms(self, x, autoencoder), higher_is_anomalous: autoencoder })
            }
            _ => Err(LearnError::InvalidParam {
                name: "score",
                rule: "reconstruction for an autoencoder (outputs as wide as its inputs); gradient-norm for an autoencoder or a softmax classifier",
                value: format!("{} on a {} model", score.name(), self.estimator.name()),
            }),
        }
    }
}

fn reconstruction(model: &mut Model, x: &Tensor) -> Vec<f64> {
    let (n, d) = (x.rows(), x.cols());
    let net = model.net_mut();
    let mut out = Vec::with_capacity(n);
    for start in (0..n).step_by(CHUNK) {
        let rows = x.slice_rows(start..(start + CHUNK).min(n));
        let tape = Tape::inference();
        let y = net.forward(&Ctx::eval(&tape), tape.leaf(rows.clone()));
        let y = y.value();
        for (r, row) in rows.data().chunks_exact(d.max(1)).enumerate() {
            let fit = &y.data()[r * d..(r + 1) * d];
            out.push(row.iter().zip(fit).map(|(a, b)| f64::from(a - b).powi(2)).sum::<f64>() / d as f64);
        }
    }
    out
}

fn gradient_norms(model: &mut Model, x: &Tensor, autoencoder: bool) -> Vec<f64> {
    let net = model.net_mut();
    (0..x.rows())
        .map(|r| {
            let row = x.slice_rows(r..r + 1);
            let tape = Tape::new();
            let input = tape.leaf(row.clone());
            let out = net.forward(&Ctx::eval(&tape), input);
            let loss = if autoencoder {
                let diff = out - tape.leaf(row);
                (diff * diff).mean()
            } else {
                let classes = out.shape().dims()[1] as f32;
                out.log_softmax(1).mean() * -1.0 + -classes.ln()
            };
            let grads = tape.backward(loss);
            let squares: f64 =
                net.params().iter().map(|p| grads.gradient(p).map_or(0.0, Gradient::sum_squares)).sum();
            squares.sqrt()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contamination_flags_the_most_anomalous_rows_of_either_orientation() {
        let lower = AnomalyScores { values: vec![0.9, 0.1, 0.5, 0.3], higher_is_anomalous: false };
        assert_eq!(lower.flagged(0.5).unwrap(), [false, true, false, true]);
        let higher = AnomalyScores { higher_is_anomalous: true, ..lower.clone() };
        assert_eq!(higher.flagged(0.25).unwrap(), [true, false, false, false]);
        assert_eq!(higher.flagged(0.01).unwrap(), [true, false, false, false], "at least one row");
        for bad in [0.0, 1.0, -0.5, f64::NAN] {
            let e = higher.flagged(bad).unwrap_err().to_string();
            assert!(e.contains("contamination") && e.contains("(0, 1)"), "{e}");
        }
        assert_eq!(AnomalyScore::default().name(), ANOMALY_OPTIONS[0].1);
    }
}
