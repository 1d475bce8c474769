//! Anomaly scores of rows under a trained model, one per row:
//!   reconstruction  an autoencoder's (outputs as wide as its inputs) mean squared error,
//!                   (1/d)·‖f(x) − x‖²; higher is more anomalous
//!   gradient-norm   ‖∇_θ L(x)‖₂ over every parameter, the row's loss L taken as GradCon does for
//!                   an autoencoder (its reconstruction error: higher is more anomalous) and as
//!                   GradNorm does for a classifier (KL(u ‖ softmax f(x)) to the uniform u over
//!                   the C classes, = −log C − (1/C)·Σ_c log softmax_c: a confident, familiar row
//!                   has the larger gradient, so lower is more anomalous)
//! Rows are scored in evaluation mode; each gradient-norm row is one backward pass.
use crate::{LearnError, Model, Objective};
use downhill_autograd::Tape;
use downhill_nn::{Ctx, Module};
use downhill_tensor::{Gradient, Tensor};
use serde::{Deserialize, Serialize};

/// Rows per forward pass of the reconstruction score.
const CHUNK: usize = 256;

/// Which anomaly score to compute per row (see the module docs); the CLI spells them `reconstruction` and
/// `gradient-norm`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AnomalyScore {
    /// An autoencoder's mean squared reconstruction error per row; higher is more anomalous.
    Reconstruction,
    /// The L2 norm of the row's loss gradient over every parameter (GradCon for an autoencoder, GradNorm for
    /// a softmax classifier).
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
        let rule = "reconstruction or gradient-norm";
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
