//! Classification (with its number of classes) or regression: the one task type of downhill, inferred
//! from the target column here, recorded in model files by downhill-learn, and read by the CLI to
//! pick a default estimator. It lives in downhill-data because inference reads a `Column`, and
//! downhill-learn (which depends on this crate) re-exports it.
//!
//! Rule ([`Task::infer`]): a categorical (text) target is classification; a numeric target whose
//! non-missing values are all integers with at most [`MAX_INTEGER_CLASSES`] distinct values is
//! classification; any other numeric target is regression. `classes` counts the distinct
//! non-missing labels (class ids `0..classes`).
//!
//! Model files store it as serde writes it: `"regression"` or `{"classification":{"classes":3}}`.
use std::str::FromStr;

use downhill_tensor::Float;
use serde::{Deserialize, Serialize};

use crate::{Column, DataError};

/// The most distinct integer values a numeric target may have and still be inferred as classes.
pub const MAX_INTEGER_CLASSES: usize = 20;

/// What a model predicts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Task {
    /// A real number per sample.
    Regression,
    /// Class ids `0..classes`.
    Classification {
        /// The number of classes ([`Target::fit`](crate::Target::fit) refuses fewer than 2).
        classes: usize,
    },
}

/// The task to use: inferred, or forced by the user.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum TaskChoice {
    /// Infer it from the target column with [`Task::infer`] (the default).
    #[default]
    Auto,
    /// Classification, with the target's distinct non-missing values as the classes.
    Classification,
    /// Regression; the target column must be numeric.
    Regression,
}

impl Task {
    /// The task the target column suggests (see the module documentation for the rule).
    ///
    /// ```
    /// use downhill_data::{Column, NumericColumn, Task};
    /// let labels = Column::Numeric(NumericColumn::from_options([Some(0.0), Some(1.0), None]));
    /// assert_eq!(Task::infer(&labels), Task::Classification { classes: 2 });
    /// let prices = Column::Numeric(NumericColumn::from_options([Some(0.5), Some(1.0)]));
    /// assert_eq!(Task::infer(&prices), Task::Regression);
    /// ```
    pub fn infer(target: &Column) -> Task {
        let Column::Numeric(values) = target else { return Task::Classification { classes: labels(target) } };
        let mut distinct: Vec<Float> = Vec::new();
        for v in values.raw().iter().copied().filter(|v| !v.is_nan()) {
            if v.fract() != 0.0 {
                return Task::Regression;
            }
            if !distinct.contains(&v) {
                if distinct.len() == MAX_INTEGER_CLASSES {
                    return Task::Regression;
                }
                distinct.push(v);
            }
        }
        Task::Classification { classes: distinct.len() }
    }

    /// True for [`Task::Classification`].
    pub fn is_classification(self) -> bool {
        matches!(self, Task::Classification { .. })
    }

    /// The number of classes; `None` for regression.
    pub fn classes(self) -> Option<usize> {
        match self {
            Task::Classification { classes } => Some(classes),
            Task::Regression => None,
        }
    }
}

/// The number of distinct non-missing values of `column`.
fn labels(column: &Column) -> usize {
    match column {
        Column::Numeric(values) => {
            let mut v: Vec<Float> = values.raw().iter().copied().filter(|v| !v.is_nan()).collect();
            v.sort_by(Float::total_cmp);
            v.dedup();
            v.len()
        }
        Column::Categorical(c) => {
            let mut used = vec![false; c.levels().len()];
            (0..c.len()).filter(|&i| c.get(i).is_some()).for_each(|i| used[c.codes()[i] as usize] = true);
            used.into_iter().filter(|&u| u).count()
        }
    }
}

impl TaskChoice {
    /// The forced task, or the inferred one for `Auto`.
    pub fn resolve(self, target: &Column) -> Task {
        match self {
            TaskChoice::Auto => Task::infer(target),
            TaskChoice::Classification => Task::Classification { classes: labels(target) },
            TaskChoice::Regression => Task::Regression,
        }
    }
}

impl FromStr for TaskChoice {
    type Err = DataError;
    fn from_str(s: &str) -> Result<Self, DataError> {
        match s {
            "auto" => Ok(TaskChoice::Auto),
            "classification" | "classify" => Ok(TaskChoice::Classification),
            "regression" => Ok(TaskChoice::Regression),
            _ => Err(DataError::InvalidOption {
                option: "task",
                value: s.to_owned(),
                expected: "auto, classification, regression",
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CategoricalColumn, NumericColumn};

    fn numbers(values: impl IntoIterator<Item = f32>) -> Column {
        Column::Numeric(NumericColumn::from_options(values.into_iter().map(Some)))
    }

    #[test]
    fn twenty_integers_are_classes_twenty_one_are_not() {
        assert_eq!(Task::infer(&numbers((0..20).map(|i| i as f32))), Task::Classification { classes: 20 });
        assert_eq!(Task::infer(&numbers((0..21).map(|i| i as f32))), Task::Regression);
    }

    #[test]
    fn fractions_mean_regression_and_text_means_classes() {
        assert_eq!(Task::infer(&numbers([1.0, 2.5])), Task::Regression);
        let text = Column::Categorical(CategoricalColumn::from_options([Some("a")]));
        assert_eq!(Task::infer(&text), Task::Classification { classes: 1 });
    }

    #[test]
    fn choice_overrides_inference() {
        let col = numbers([1.0, 2.0]);
        assert_eq!(TaskChoice::Regression.resolve(&col), Task::Regression);
        assert_eq!("auto".parse::<TaskChoice>().unwrap().resolve(&col), Task::Classification { classes: 2 });
        let prices = numbers([0.5, 1.5, 0.5, f32::NAN]);
        assert_eq!(TaskChoice::Classification.resolve(&prices), Task::Classification { classes: 2 });
        assert!("ranking".parse::<TaskChoice>().unwrap_err().to_string().contains("auto, classification"));
    }
}
