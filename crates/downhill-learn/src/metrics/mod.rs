//! Evaluation metrics with scikit-learn's definitions, computed in f64. Class labels are ids stored
//! as f32 in [n, 1] (or `[n]`) tensors; probabilities are [n, classes] rows.
mod classification;
mod confusion;
mod ranking;
mod regression;
mod report;
mod running_report;

pub use classification::{accuracy, f1_macro, log_loss, precision_macro, recall_macro};
pub use confusion::ConfusionMatrix;
pub use ranking::{average_precision, roc_auc, roc_curve};
pub use regression::{mae, mse, r2, rmse};
pub use report::{ClassificationReport, RegressionReport, Report};
pub use running_report::RunningReport;
