//! The metrics of `Report` gathered over rows that arrive in chunks (a streamed test set), without
//! keeping the rows: what every metric is a function of, summed chunk by chunk.
//!   classification: the confusion counts (accuracy, macro precision, recall, F1) and Σ log-loss
//!   regression:     n, Σ r², Σ |r|, and the targets' mean and m2 = Σ (y − ȳ)² merged per chunk
//!                   (Chan, Golub & LeVeque 1979: δ = ȳ_b − ȳ_a,  m2 = m2_a + m2_b + δ² n_a n_b / n)
//! so the report equals `Report` on all the rows at once up to the order of summation.
use super::classification::{f1, log_loss, macro_of, precision, recall};
use super::regression::r2_of;
use super::{ClassificationReport, ConfusionMatrix, RegressionReport, Report};
use crate::Task;
use downhill_tensor::Tensor;

/// The metrics of [`Report`](super::Report) gathered chunk by chunk over a streamed test set, without keeping
/// the rows.
#[derive(Clone, Debug, PartialEq)]
pub struct RunningReport {
    task: Task,
    confusion: ConfusionMatrix,
    /// Σ log-loss, while every chunk came with probabilities.
    log_loss: Option<f64>,
    rows: u64,
    mean: f64,
    m2: f64,
    squares: f64,
    absolute: f64,
}

impl RunningReport {
    /// An empty report for `task`.
    pub fn new(task: Task) -> RunningReport {
        let k = task.classes().unwrap_or(0);
        RunningReport {
            task,
            confusion: ConfusionMatrix { counts: vec![vec![0; k]; k] },
            log_loss: Some(0.0),
            rows: 0,
            mean: 0.0,
            m2: 0.0,
            squares: 0.0,
            absolute: 0.0,
        }
    }

    /// Rows seen so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Adds a chunk: targets, predictions (class ids or values) and class probabilities if any.
    pub fn add(&mut self, y_true: &Tensor, y_pred: &Tensor, proba: Option<&Tensor>) {
        let n = y_true.numel() as u64;
        if n == 0 {
            return;
        }
        if let Task::Classification { classes } = self.task {
            let part = ConfusionMatrix::new(y_true, y_pred, classes);
            for (total, row) in self.confusion.counts.iter_mut().zip(&part.counts) {
                total.iter_mut().zip(row).for_each(|(t, c)| *t += c);
            }
            self.log_loss = self.log_loss.zip(proba).map(|(sum, p)| sum + log_loss(y_true, p) * n as f64);
        } else {
            let pairs = y_true.data().iter().zip(y_pred.data()).map(|(&t, &p)| (f64::from(t), f64::from(p)));
            pairs.for_each(|(t, p)| {
                (self.squares, self.absolute) =
                    (self.squares + (t - p).powi(2), self.absolute + (t - p).abs())
            });
            let mean = y_true.data().iter().map(|&t| f64::from(t)).sum::<f64>() / n as f64;
            let m2: f64 = y_true.data().iter().map(|&t| (f64::from(t) - mean).powi(2)).sum();
            let (a, total) = (self.rows as f64, (self.rows + n) as f64);
            let delta = mean - self.mean;
            self.m2 += m2 + delta * delta * a * n as f64 / total;
            self.mean += delta * n as f64 / total;
        }
        self.rows += n;
    }

    /// The metrics of the rows added.
    pub fn report(&self) -> Report {
        let n = self.rows.max(1) as f64;
        match self.task {
            Task::Classification { .. } => {
                let m = &self.confusion;
                let hits: u64 = (0..m.classes()).map(|c| m.true_positives(c)).sum();
                Report::Classification(ClassificationReport {
                    accuracy: hits as f64 / n,
                    precision_macro: macro_of(m, precision),
                    recall_macro: macro_of(m, recall),
                    f1_macro: macro_of(m, f1),
                    log_loss: self.log_loss.map(|sum| sum / n),
                    confusion: m.clone(),
                })
            }
            Task::Regression => {
                let r2 = r2_of(self.squares, self.m2);
                let mse = self.squares / n;
                Report::Regression(RegressionReport {
                    mse,
                    rmse: mse.sqrt(),
                    mae: self.absolute / n,
                    r2,
                    neg_elbo: None,
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tensor(v: &[f32]) -> Tensor {
        Tensor::vector(v.to_vec())
    }

    #[test]
    fn chunks_give_the_report_of_all_rows_at_once() {
        let (t, p) = ([2.0, 0.0, 2.0, 2.0, 0.0, 1.0, 1.0], [0.0, 0.0, 2.0, 2.0, 0.0, 2.0, 1.0]);
        let proba: Vec<f32> =
            p.iter().flat_map(|&c| [0, 1, 2].map(|k| if k == c as usize { 0.8 } else { 0.1 })).collect();
        let task = Task::Classification { classes: 3 };
        let mut running = RunningReport::new(task);
        for (lo, hi) in [(0, 3), (3, 4), (4, 7)] {
            let pr = Tensor::from_vec(proba[lo * 3..hi * 3].to_vec(), [hi - lo, 3]).unwrap();
            running.add(&tensor(&t[lo..hi]), &tensor(&p[lo..hi]), Some(&pr));
        }
        let whole = Tensor::from_vec(proba.clone(), [7, 3]).unwrap();
        let all = ClassificationReport::new(&tensor(&t), &tensor(&p), Some(&whole), 3);
        let Report::Classification(r) = running.report() else { panic!("a classification report") };
        // Counts are exact; the means are sums in another order: 1e-12.
        assert_eq!(r.confusion, all.confusion);
        let pairs = [
            (r.accuracy, all.accuracy),
            (r.f1_macro, all.f1_macro),
            (r.precision_macro, all.precision_macro),
            (r.recall_macro, all.recall_macro),
            (r.log_loss.unwrap(), all.log_loss.unwrap()),
        ];
        assert!(pairs.iter().all(|(a, b)| (a - b).abs() < 1e-12), "{pairs:?}");
        let (y, yhat) = ([3.0, 1.0, 4.0, 1.0, 5.0], [2.5, 1.0, 4.5, 2.0, 5.0]);
        let mut reg = RunningReport::new(Task::Regression);
        reg.add(&tensor(&y[..2]), &tensor(&yhat[..2]), None);
        reg.add(&tensor(&y[2..]), &tensor(&yhat[2..]), None);
        let all = RegressionReport::new(&tensor(&y), &tensor(&yhat));
        let Report::Regression(r) = reg.report() else { panic!("a regression report") };
        let pairs = [(r.mse, all.mse), (r.mae, all.mae), (r.r2, all.r2)];
        assert!(pairs.iter().all(|(a, b)| (a - b).abs() < 1e-12), "{pairs:?}");
    }
}
