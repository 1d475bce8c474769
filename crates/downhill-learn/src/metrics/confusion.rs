//! Confusion matrix with scikit-learn's layout: `counts[t][p]` = rows of true class t predicted p.
//! Per class c: TP = counts[c][c], FP = Σ_t≠c counts[t][c], FN = Σ_p≠c counts[c][p].
use downhill_tensor::Tensor;
use serde::{Deserialize, Serialize};

/// Counts of true class against predicted class, in scikit-learn's layout (see the module docs).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfusionMatrix {
    /// `counts[t][p]`: rows of true class `t` predicted as `p`; square, one row and column per class.
    pub counts: Vec<Vec<u64>>,
}

impl ConfusionMatrix {
    /// Counts over `classes` classes (grown to cover every id seen). Panics if lengths differ.
    pub fn new(y_true: &Tensor, y_pred: &Tensor, classes: usize) -> ConfusionMatrix {
        assert_eq!(
            y_true.numel(),
            y_pred.numel(),
            "confusion matrix: {} true labels vs {} predictions",
            y_true.numel(),
            y_pred.numel()
        );
        let ids = |t: &Tensor| t.data().iter().map(|&v| v.max(0.0) as usize).collect::<Vec<_>>();
        let (t, p) = (ids(y_true), ids(y_pred));
        let k = t.iter().chain(&p).map(|&c| c + 1).max().unwrap_or(0).max(classes);
        let mut counts = vec![vec![0u64; k]; k];
        t.iter().zip(&p).for_each(|(&a, &b)| counts[a][b] += 1);
        ConfusionMatrix { counts }
    }

    /// The number of classes (rows of `counts`).
    pub fn classes(&self) -> usize {
        self.counts.len()
    }
    /// Rows of class `c` predicted as `c`.
    pub fn true_positives(&self, c: usize) -> u64 {
        self.counts[c][c]
    }
    /// Rows predicted as `c`.
    pub fn predicted(&self, c: usize) -> u64 {
        self.counts.iter().map(|row| row[c]).sum()
    }
    /// Rows whose true class is `c`.
    pub fn actual(&self, c: usize) -> u64 {
        self.counts[c].iter().sum()
    }
    /// All rows counted.
    pub fn total(&self) -> u64 {
        self.counts.iter().flatten().sum()
    }
    /// Classes that occur as a true label or a prediction (scikit-learn's `unique_labels`).
    pub fn present(&self) -> Vec<usize> {
        (0..self.classes()).filter(|&c| self.actual(c) + self.predicted(c) > 0).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_true_columns_predicted() {
        // sklearn.metrics.confusion_matrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2])
        //   = [[2, 0, 0], [0, 0, 1], [1, 0, 2]]
        let t = Tensor::vector(vec![2.0, 0.0, 2.0, 2.0, 0.0, 1.0]);
        let p = Tensor::vector(vec![0.0, 0.0, 2.0, 2.0, 0.0, 2.0]);
        let m = ConfusionMatrix::new(&t, &p, 3);
        assert_eq!(m.counts, vec![vec![2, 0, 0], vec![0, 0, 1], vec![1, 0, 2]]);
        assert_eq!((m.predicted(2), m.actual(2), m.total()), (3, 3, 6));
    }
}
