//! The output of preprocessing: exactly what downhill's estimators consume.
use downhill_tensor::Tensor;

use crate::Warning;

/// Features and targets as dense tensors, with the names and provenance needed to report on them.
#[derive(Clone, Debug, PartialEq)]
pub struct Prepared {
    /// `[n, features]`: scaled numeric columns and one-hot blocks, in input column order.
    pub x: Tensor,
    /// `[n, 1]`: regression values, or class ids `0..k` as `f32`; `None` when transforming features only.
    pub y: Option<Tensor>,
    /// One name per column of `x`: the input column's name, or `column=category` for one-hot columns.
    pub feature_names: Vec<String>,
    /// For each row of `x`, its 0-based row in the input table (rows differ only under policy `drop`).
    pub rows: Vec<usize>,
    /// Unseen categories and dropped rows, for the caller to show or log.
    pub warnings: Vec<crate::Warning>,
}

impl Prepared {
    /// Number of rows in `x`.
    pub fn n_rows(&self) -> usize {
        self.rows.len()
    }
    /// The same rows with only the features at `inputs` (ascending), as `keep_columns` writes them.
    pub fn keep_inputs(&self, inputs: &[usize]) -> Prepared {
        let (n, width) = (self.x.rows(), self.x.cols());
        let x = Tensor::written([n, inputs.len()], |out| {
            for (r, row) in out.chunks_exact_mut(inputs.len().max(1)).enumerate().take(n) {
                row.iter_mut().zip(inputs).for_each(|(v, &j)| *v = self.x.data()[r * width + j]);
            }
        });
        let feature_names = inputs.iter().map(|&j| self.feature_names[j].clone()).collect();
        Prepared { x, feature_names, ..self.clone() }
    }
    /// The warnings as one-line messages.
    pub fn warning_messages(&self) -> Vec<String> {
        self.warnings.iter().map(Warning::to_string).collect()
    }
}
