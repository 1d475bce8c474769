//! A data set in memory, ready for an estimator: features `x` [n, d] and targets `y` [n, 1] as
//! tensors, with the names that give them meaning (feature columns, target column, class names in
//! class-id order) and the task. `Dataset::from_table` builds one from any table (a CSV read with
//! `load`), taking the values as they are: no scaling (fit that on training rows only, e.g. with
//! downhill-learn's `Pipeline`), text feature columns one-hot encoded, class ids and names fixed by
//! `Target::fit`, so they match what `downhill train` assigns to the same file.
use downhill_tensor::Tensor;

use crate::{
    DataError, MissingPolicy, PreprocessOptions, Preprocessor, Scale, Table, Target, Task, TaskChoice,
};

/// Features, targets, their names and the task.
///
/// ```
/// let iris = downhill_data::datasets::iris();
/// assert_eq!(iris.x.dims(), &[150, 4]);
/// assert_eq!(iris.class_names, ["setosa", "versicolor", "virginica"]);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    /// `[n, features]` f32, unscaled.
    pub x: Tensor,
    /// `[n, 1]`: regression values, or class ids `0..k` as `f32`.
    pub y: Tensor,
    /// One name per column of `x` (`column=category` for a one-hot column).
    pub feature_names: Vec<String>,
    /// The target column's name.
    pub target_name: String,
    /// Class names in class-id order (`class_names[id]`); empty for regression.
    pub class_names: Vec<String>,
    /// Regression, or classification with `class_names.len()` classes.
    pub task: Task,
}

impl Dataset {
    /// The rows of `table` with `target` as the target column and every other column a feature.
    /// The task is inferred (`Task::infer`); a missing value is an error naming its row and column.
    pub fn from_table(table: &Table, target: &str) -> Result<Dataset, DataError> {
        let fitted = Target::fit(table, target, TaskChoice::Auto)?;
        let options = PreprocessOptions { scale: Some(Scale::None), missing: MissingPolicy::default() };
        let prep = Preprocessor::fit(table, fitted, &options)?;
        let prepared = prep.transform(table)?;
        let y = prepared.y.unwrap_or_else(|| panic!("a target column gives targets"));
        Ok(Dataset {
            x: prepared.x,
            y,
            feature_names: prepared.feature_names,
            target_name: target.to_owned(),
            class_names: prep.classes().to_vec(),
            task: prep.task(),
        })
    }

    /// Number of rows.
    pub fn n_rows(&self) -> usize {
        self.x.rows()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CategoricalColumn, Column, NumericColumn};

    #[test]
    fn text_labels_become_sorted_class_ids_and_features_stay_unscaled() {
        let x = Column::Numeric(NumericColumn::from_options([Some(10.0), Some(20.0), Some(30.0)]));
        let y = Column::Categorical(CategoricalColumn::from_options([Some("no"), Some("yes"), Some("no")]));
        let table = Table::new(vec!["size".into(), "buy".into()], vec![x, y]).unwrap();
        let d = Dataset::from_table(&table, "buy").unwrap();
        // Exact: values are copied, not computed; ids are positions in the sorted names.
        assert_eq!(d.x.data(), &[10.0, 20.0, 30.0]);
        assert_eq!(d.y.data(), &[0.0, 1.0, 0.0]);
        assert_eq!(
            (d.class_names, d.task),
            (vec!["no".to_string(), "yes".into()], Task::Classification { classes: 2 })
        );
        assert!(Dataset::from_table(&table, "price").unwrap_err().to_string().contains("price"));
    }
}
