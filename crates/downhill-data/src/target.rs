//! The target column and its encoding: values for regression, class ids for classification.
//!
//! Class names keep the file's spelling. Order (and so class id): numeric labels in numeric order
//! (named without a trailing `.0`, e.g. `-1`, `1`); text labels in lexicographic (byte) order, so
//! `class_10` sorts before `class_2`. The order is fixed at fit time and stored with the model.
use std::collections::HashMap;

use downhill_tensor::Float;
use serde::{Deserialize, Serialize};

use crate::column::number_text;
use crate::{CategoricalColumn, Column, DataError, Names, Table, Task, TaskChoice};

/// A fitted target: which column, and how to encode it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Target {
    column: String,
    kind: TargetKind,
}

/// How a target is encoded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    /// The value itself.
    Regression,
    /// The position of the label in `classes`.
    Classification {
        /// Class names in class-id order (numeric labels in numeric order, text in byte order).
        classes: Vec<String>,
    },
    /// No target column: the model reconstructs its own prepared inputs (an autoencoder), so `y`
    /// is `x` and every column is a feature but a format's label column, if there is one (IDX,
    /// LIBSVM). The task is regression, one output per feature.
    Inputs,
}

impl Target {
    /// Picks the column `column` of `table` as the target and fixes the task and class order.
    /// Fit it on the whole training file, before any validation split, so every split knows every class.
    pub fn fit(table: &Table, column: &str, task: TaskChoice) -> Result<Target, DataError> {
        let values = table.column(column)?;
        let kind = match task.resolve(values) {
            Task::Regression => match values {
                Column::Numeric(_) => TargetKind::Regression,
                Column::Categorical(c) => return Err(not_numeric(table, c, column)),
            },
            Task::Classification { .. } => {
                TargetKind::Classification { classes: classes(table, values, column)? }
            }
        };
        Ok(Target { column: column.to_owned(), kind })
    }

    /// A classification target on `column` whose class ids are the positions in `classes` (a
    /// target whose encoding is already known, e.g. class ids paired with their names).
    pub fn classification(column: &str, classes: Vec<String>) -> Target {
        Target::from_parts(column, TargetKind::Classification { classes })
    }

    /// A regression target on the numeric column `column`.
    pub fn regression(column: &str) -> Target {
        Target::from_parts(column, TargetKind::Regression)
    }

    /// A target fitted elsewhere (the streaming fit, which sees its column a row at a time).
    pub(crate) fn from_parts(column: &str, kind: TargetKind) -> Target {
        Target { column: column.to_owned(), kind }
    }

    /// No target column: the targets are the prepared inputs themselves (see `TargetKind::Inputs`).
    /// `label` is a column that is neither a feature nor a target (a format's label column).
    pub fn inputs(label: Option<&str>) -> Target {
        Target { column: label.unwrap_or_default().to_owned(), kind: TargetKind::Inputs }
    }

    /// The column that is not a feature: the target's, or the label column `inputs` leaves out.
    pub fn excluded_column(&self) -> Option<&str> {
        Some(self.column.as_str()).filter(|c| !c.is_empty())
    }

    /// The target column's name; `None` when the targets are the inputs.
    pub fn column(&self) -> Option<&str> {
        match self.kind {
            TargetKind::Inputs => None,
            _ => Some(&self.column),
        }
    }
    /// The task, with the number of classes fixed at fit time.
    pub fn task(&self) -> Task {
        match &self.kind {
            TargetKind::Regression | TargetKind::Inputs => Task::Regression,
            TargetKind::Classification { classes } => Task::Classification { classes: classes.len() },
        }
    }
    /// How the target is encoded (its class names, for classification).
    pub fn kind(&self) -> &TargetKind {
        &self.kind
    }
    /// Class names in class-id order; empty for regression.
    pub fn classes(&self) -> &[String] {
        match &self.kind {
            TargetKind::Regression | TargetKind::Inputs => &[],
            TargetKind::Classification { classes } => classes,
        }
    }

    /// One entry per row of `table`: the value or the class id as `Float`, `None` when missing;
    /// empty when the targets are the inputs (there is no column to read).
    /// Errors: the column is absent, a label is unknown, or a regression target holds text.
    pub fn encode(&self, table: &Table) -> Result<Vec<Option<Float>>, DataError> {
        if self.kind == TargetKind::Inputs {
            return Ok(Vec::new());
        }
        let index = table.names().iter().position(|n| *n == self.column);
        let values =
            &table.columns()[index.ok_or(DataError::MissingColumn { column: self.column.clone() })?];
        let classes = match (&self.kind, values) {
            (TargetKind::Classification { classes }, _) => classes,
            (_, Column::Numeric(v)) => return Ok((0..v.len()).map(|i| v.get(i)).collect()),
            (_, Column::Categorical(c)) => return Err(not_numeric(table, c, &self.column)),
        };
        let ids: HashMap<&str, usize> = classes.iter().enumerate().map(|(i, c)| (c.as_str(), i)).collect();
        let mut cache: HashMap<u32, usize> = HashMap::new(); // label bits or level code -> class id
        let mut out = Vec::with_capacity(values.len());
        for row in 0..values.len() {
            let key = match values {
                Column::Numeric(v) => v.get(row).map(f32::to_bits),
                Column::Categorical(c) => c.get(row).map(|_| c.codes()[row]),
            };
            let Some(key) = key else {
                out.push(None);
                continue;
            };
            let id = match cache.get(&key) {
                Some(&id) => id,
                None => {
                    let label = values.text(row).unwrap_or_default();
                    let id = *ids.get(label.as_str()).ok_or_else(|| DataError::UnknownLabel {
                        column: self.column.clone(),
                        label,
                        at: table.row_ref(row),
                        known: Names(classes.clone()),
                    })?;
                    *cache.entry(key).or_insert(id)
                }
            };
            out.push(Some(id as Float));
        }
        Ok(out)
    }

    /// Class ids per row (for stratified splits); `None` when missing or for a regression target.
    pub fn class_ids(&self, table: &Table) -> Result<Vec<Option<usize>>, DataError> {
        let regression = self.task() == Task::Regression;
        Ok(self.encode(table)?.into_iter().map(|v| v.filter(|_| !regression).map(|v| v as usize)).collect())
    }
}

/// Sorted distinct labels; at least two are required.
fn classes(table: &Table, values: &Column, column: &str) -> Result<Vec<String>, DataError> {
    let classes: Vec<String> = match values {
        Column::Numeric(v) => {
            let mut distinct: Vec<Float> = v.raw().iter().copied().filter(|x| !x.is_nan()).collect();
            distinct.sort_by(Float::total_cmp);
            distinct.dedup();
            distinct.into_iter().map(number_text).collect()
        }
        Column::Categorical(c) => {
            let mut used: Vec<&str> = (0..c.len()).filter_map(|i| c.get(i)).collect();
            used.sort_unstable();
            used.dedup();
            used.into_iter().map(str::to_owned).collect()
        }
    };
    match classes.as_slice() {
        [] => Err(DataError::MissingTarget { column: column.to_owned(), at: table.row_ref(0) }),
        [only] => Err(DataError::SingleClass { column: column.to_owned(), class: only.clone() }),
        _ => Ok(classes),
    }
}

/// The error for a regression target that is a text column, naming its first value.
fn not_numeric(table: &Table, c: &CategoricalColumn, column: &str) -> DataError {
    let row = (0..c.len()).find(|&i| c.get(i).is_some()).unwrap_or(0);
    let value = c.get(row).unwrap_or_default().to_owned();
    DataError::TargetNotNumeric { column: column.to_owned(), value, at: table.row_ref(row) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NumericColumn;

    fn table(target: Column) -> Table {
        Table::new(vec!["y".into()], vec![target]).unwrap()
    }
    fn text(values: &[Option<&str>]) -> Column {
        Column::Categorical(CategoricalColumn::from_options(values.iter().copied()))
    }

    #[test]
    fn numeric_classes_sort_numerically_and_text_lexicographically() {
        let nums = table(Column::Numeric(NumericColumn::from_options([Some(10.0), Some(-1.0), Some(2.0)])));
        let t = Target::fit(&nums, "y", TaskChoice::Auto).unwrap();
        assert_eq!(t.classes(), &["-1", "2", "10"]);
        assert_eq!(t.class_ids(&nums).unwrap(), vec![Some(2), Some(0), Some(1)]);
        let words = table(text(&[Some("class_2"), None, Some("class_10")]));
        let t = Target::fit(&words, "y", TaskChoice::Auto).unwrap();
        assert_eq!(t.classes(), &["class_10", "class_2"]);
        // Exact: class ids are small integers converted to f32.
        assert_eq!(t.encode(&words).unwrap(), vec![Some(1.0), None, Some(0.0)]);
    }

    #[test]
    fn unknown_label_single_class_and_text_regression_are_errors() {
        let train = table(text(&[Some("a"), Some("b")]));
        let t = Target::fit(&train, "y", TaskChoice::Auto).unwrap();
        let err = t.encode(&table(text(&[Some("b"), Some("zebra")]))).unwrap_err().to_string();
        assert!(err.contains("label 'zebra' at data row 2") && err.contains("known: a, b"), "{err}");
        let err = Target::fit(&table(text(&[Some("a"), Some("a")])), "y", TaskChoice::Auto).unwrap_err();
        assert!(err.to_string().contains("single class ('a')"), "{err}");
        let err = Target::fit(&train, "y", TaskChoice::Regression).unwrap_err().to_string();
        assert!(err.contains("holds text ('a' at data row 1)"), "{err}");
    }

    #[test]
    fn encoding_data_without_the_target_names_it() {
        let t = Target::fit(&table(text(&[Some("a"), Some("b")])), "y", TaskChoice::Auto).unwrap();
        let other = Table::new(vec!["x".into()], vec![text(&[Some("a")])]).unwrap();
        assert!(t.encode(&other).unwrap_err().to_string().contains("no column 'y'"));
    }
}
