//! The missing-values policy, and which rows it keeps.
//!
//!   error (default): the first missing value, scanning rows in order and columns left to right, is an
//!                    error naming its data row (1-based, header excluded; plus the file line) and column.
//!   drop:            rows with any missing feature or target are removed (a warning counts them).
//!   mean:            features are imputed with the training mean (numeric) or most frequent category;
//!                    a missing target is still an error, since inventing labels would corrupt training.
use std::str::FromStr;

use downhill_tensor::Float;
use serde::{Deserialize, Serialize};

use crate::{DataError, Table};

/// What to do with missing values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MissingPolicy {
    /// A missing value is an error naming its row and column (the default).
    #[default]
    Error,
    /// Rows with a missing feature or target are left out, and a warning counts them.
    Drop,
    /// Missing features take the training mean (numeric) or most frequent category; a missing
    /// target is still an error.
    Mean,
}

/// The target's encoded values and its position among the table's columns.
pub(crate) struct TargetValues<'a> {
    pub values: &'a [Option<Float>],
    pub position: usize,
    pub name: &'a str,
}

impl MissingPolicy {
    /// The rows (0-based) of `table` to use, given the feature column positions and the target (if any).
    pub(crate) fn rows(
        self,
        table: &Table,
        features: &[usize],
        target: Option<&TargetValues<'_>>,
    ) -> Result<Vec<usize>, DataError> {
        let n = table.n_rows();
        let missing_target = |r: usize| target.is_some_and(|t| t.values[r].is_none());
        match self {
            MissingPolicy::Drop => {
                let columns = table.columns();
                let keep: Vec<usize> = (0..n)
                    .filter(|&r| !missing_target(r) && features.iter().all(|&k| !columns[k].is_missing(r)))
                    .collect();
                match keep.is_empty() {
                    true => Err(DataError::NoRowsLeft { dropped: n }),
                    false => Ok(keep),
                }
            }
            MissingPolicy::Mean => match (0..n).find(|&r| missing_target(r)) {
                Some(r) => Err(missing_target_error(table, target, r)),
                None => Ok((0..n).collect()),
            },
            MissingPolicy::Error => match first_missing(table, features, target) {
                Some((r, None)) => Err(missing_target_error(table, target, r)),
                Some((r, Some(k))) => {
                    Err(DataError::MissingValue { column: table.names()[k].clone(), at: table.row_ref(r) })
                }
                None => Ok((0..n).collect()),
            },
        }
    }
}

/// The first missing entry in row-major order: its row and feature column (`None` for the target).
fn first_missing(
    table: &Table,
    features: &[usize],
    target: Option<&TargetValues<'_>>,
) -> Option<(usize, Option<usize>)> {
    let columns = table.columns();
    let in_features = features
        .iter()
        .filter_map(|&k| (0..table.n_rows()).find(|&r| columns[k].is_missing(r)).map(|r| (r, k, Some(k))));
    let in_target =
        target.and_then(|t| t.values.iter().position(Option::is_none).map(|r| (r, t.position, None)));
    in_features.chain(in_target).min_by_key(|&(r, position, _)| (r, position)).map(|(r, _, k)| (r, k))
}

fn missing_target_error(table: &Table, target: Option<&TargetValues<'_>>, row: usize) -> DataError {
    let column = target.map_or_else(String::new, |t| t.name.to_owned());
    DataError::MissingTarget { column, at: table.row_ref(row) }
}

impl FromStr for MissingPolicy {
    type Err = DataError;
    fn from_str(s: &str) -> Result<Self, DataError> {
        match s {
            "error" => Ok(MissingPolicy::Error),
            "drop" => Ok(MissingPolicy::Drop),
            "mean" => Ok(MissingPolicy::Mean),
            _ => Err(DataError::InvalidOption {
                option: "missing-values policy",
                value: s.to_owned(),
                expected: "error, drop, mean",
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Column, NumericColumn};

    fn table() -> Table {
        let col = |v: [Option<f32>; 3]| Column::Numeric(NumericColumn::from_options(v));
        let columns = vec![col([Some(1.0), Some(2.0), None]), col([Some(1.0), None, Some(3.0)])];
        Table::new(vec!["a".into(), "b".into()], columns).unwrap()
    }

    #[test]
    fn error_names_the_first_missing_in_row_order() {
        let err = MissingPolicy::Error.rows(&table(), &[0, 1], None).unwrap_err().to_string();
        assert!(err.contains("column 'b' at data row 2"), "{err}");
    }

    #[test]
    fn drop_keeps_complete_rows_and_mean_keeps_all() {
        assert_eq!(MissingPolicy::Drop.rows(&table(), &[0, 1], None).unwrap(), vec![0]);
        assert_eq!(MissingPolicy::Drop.rows(&table(), &[0], None).unwrap(), vec![0, 1]);
        assert_eq!(MissingPolicy::Mean.rows(&table(), &[0, 1], None).unwrap(), vec![0, 1, 2]);
    }

    #[test]
    fn a_missing_target_is_never_imputed() {
        let values = [Some(0.0), None, Some(1.0)];
        let target = TargetValues { values: &values, position: 2, name: "y" };
        let err = MissingPolicy::Mean.rows(&table(), &[0, 1], Some(&target)).unwrap_err().to_string();
        assert!(err.contains("missing target value in column 'y' at data row 2"), "{err}");
        assert_eq!(MissingPolicy::Drop.rows(&table(), &[0], Some(&target)).unwrap(), vec![0]);
    }
}
