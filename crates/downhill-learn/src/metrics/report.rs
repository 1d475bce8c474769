//! All metrics for a task in one serialisable value, with the JSON keys the CLI's
//! `evaluate --format json` prints: `accuracy`, `precision_macro`, `recall_macro`, `f1_macro`,
//! `log_loss` (when probabilities exist), `mse`, `rmse`, `mae`, `r2`.
use super::{
    accuracy, f1_macro, log_loss, mae, mse, precision_macro, r2, recall_macro, rmse, ConfusionMatrix,
};
use downhill_tensor::Tensor;
use serde::{Deserialize, Serialize};

/// The classification metrics of one set of predictions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClassificationReport {
    /// Fraction of rows predicted right.
    pub accuracy: f64,
    /// Precision averaged over the classes present.
    pub precision_macro: f64,
    /// Recall averaged over the classes present.
    pub recall_macro: f64,
    /// F1 averaged over the classes present.
    pub f1_macro: f64,
    /// Mean negative log-probability of the true class; `None` when the model gives no probabilities.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub log_loss: Option<f64>,
    /// True against predicted class counts.
    pub confusion: ConfusionMatrix,
}

impl ClassificationReport {
    /// Metrics of predicted ids `y_pred` (and probabilities `proba`, if the model gives them).
    pub fn new(y_true: &Tensor, y_pred: &Tensor, proba: Option<&Tensor>, classes: usize) -> Self {
        ClassificationReport {
            accuracy: accuracy(y_true, y_pred),
            precision_macro: precision_macro(y_true, y_pred),
            recall_macro: recall_macro(y_true, y_pred),
            f1_macro: f1_macro(y_true, y_pred),
            log_loss: proba.map(|p| log_loss(y_true, p)),
            confusion: ConfusionMatrix::new(y_true, y_pred, classes),
        }
    }
}

/// The regression metrics of one set of predictions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegressionReport {
    /// Mean squared error.
    pub mse: f64,
    /// Root mean squared error.
    pub rmse: f64,
    /// Mean absolute error.
    pub mae: f64,
    /// Coefficient of determination R².
    pub r2: f64,
    /// A variational autoencoder's negative ELBO in nats per row (vae.rs), when the model is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub neg_elbo: Option<f64>,
}

impl RegressionReport {
    /// The metrics of predictions `y_pred` against `y_true`; `neg_elbo` is left `None`.
    pub fn new(y_true: &Tensor, y_pred: &Tensor) -> Self {
        RegressionReport {
            mse: mse(y_true, y_pred),
            rmse: rmse(y_true, y_pred),
            mae: mae(y_true, y_pred),
            r2: r2(y_true, y_pred),
            neg_elbo: None,
        }
    }
}

/// The metrics of either task.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Report {
    /// The metrics of a classifier.
    Classification(ClassificationReport),
    /// The metrics of a regressor or an autoencoder.
    Regression(RegressionReport),
}

impl Report {
    /// The task's headline metric and its name: accuracy for classifiers, R² for regressors.
    pub fn headline(&self) -> (&'static str, f64) {
        match self {
            Report::Classification(c) => ("accuracy", c.accuracy),
            Report::Regression(r) => ("r2", r.r2),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_uses_the_documented_keys() {
        let t = Tensor::vector(vec![0.0, 1.0]);
        let r = Report::Classification(ClassificationReport::new(&t, &t, None, 2));
        let json = serde_json::to_string(&r).unwrap();
        assert!(
            json.contains("\"accuracy\":1.0")
                && json.contains("\"f1_macro\":1.0")
                && !json.contains("log_loss"),
            "{json}"
        );
        let r = Report::Regression(RegressionReport::new(&t, &t));
        let json = serde_json::to_string(&r).unwrap();
        assert!(["mse", "rmse", "mae", "r2"].iter().all(|k| json.contains(k)), "{json}");
    }
}
