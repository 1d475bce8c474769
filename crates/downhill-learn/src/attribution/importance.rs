//! Attributions per original column, and global importance:
//!   a column's attribution in a row = the sum of its inputs' attributions (a one-hot group's
//!   indicator inputs add back up to their column; a numeric column is one input)
//!   a column's importance = the mean over rows of |its attribution|, ranked largest first
use super::Attributions;
use crate::LearnError;
use downhill_tensor::{Float, Tensor};
use serde::Serialize;

/// Per-row attributions by column.
#[derive(Clone, Debug)]
pub struct ColumnAttributions {
    /// The original columns' names, in order.
    pub columns: Vec<String>,
    /// [rows, columns].
    pub values: Tensor,
}

/// One column's global importance.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Importance {
    /// The column's name.
    pub feature: String,
    /// Mean over rows of the absolute attribution, in the model output's units.
    pub value: f64,
}

impl Attributions {
    /// Sums the inputs of each column: `groups` lists (column, number of inputs) in input order.
    pub fn by_column(&self, groups: &[(String, usize)]) -> Result<ColumnAttributions, LearnError> {
        let (rows, inputs) = (self.values.rows(), self.values.cols());
        let covered: usize = groups.iter().map(|(_, w)| w).sum();
        if covered != inputs {
            return Err(LearnError::BadShape {
                what: "the column groups of the attributions",
                expected: format!("{inputs} inputs"),
                actual: format!("{covered}"),
            });
        }
        let mut out = Vec::with_capacity(rows * groups.len());
        for row in self.values.data().chunks_exact(inputs.max(1)).take(rows) {
            let mut at = 0;
            for (_, width) in groups {
                out.push(row[at..at + width].iter().map(|&v| v as f64).sum::<f64>() as Float);
                at += width;
            }
        }
        let values = Tensor::from_vec(out, [rows, groups.len()]).expect("one value per row and column");
        Ok(ColumnAttributions { columns: groups.iter().map(|(c, _)| c.clone()).collect(), values })
    }
}

impl ColumnAttributions {
    /// Mean |attribution| per column, most important first (ties keep the column order).
    pub fn importance(&self) -> Vec<Importance> {
        let (rows, cols) = (self.values.rows().max(1), self.columns.len());
        let mut ranked: Vec<Importance> = (0..cols)
            .map(|j| {
                let sum: f64 =
                    self.values.data().iter().skip(j).step_by(cols.max(1)).map(|v| v.abs() as f64).sum();
                Importance { feature: self.columns[j].clone(), value: sum / rows as f64 }
            })
            .collect();
        ranked.sort_by(|a, b| b.value.total_cmp(&a.value));
        ranked
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_hot_groups_add_up_and_importance_ranks_mean_absolute_values() {
        let values = Tensor::from_rows(&[[1.0, -2.0, 0.5, 3.0], [-1.0, 1.0, 0.25, -1.0]]).unwrap();
        let a = Attributions { values, classes: None, completeness_gap: None };
        let groups = [("age".to_string(), 1), ("colour".to_string(), 2), ("size".to_string(), 1)];
        let c = a.by_column(&groups).unwrap();
        // Sums of a few f32 values: exact here.
        assert_eq!(c.values.data(), &[1.0, -1.5, 3.0, -1.0, 1.25, -1.0]);
        let importance = c.importance();
        let ranked: Vec<(&str, f64)> = importance.iter().map(|i| (i.feature.as_str(), i.value)).collect();
        assert_eq!(ranked, [("size", 2.0), ("colour", 1.375), ("age", 1.0)]);
        assert!(a.by_column(&groups[..2]).is_err());
    }
}
