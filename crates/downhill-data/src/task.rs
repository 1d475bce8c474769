//! Classification or regression, inferred from the target column and overridable.
//!
//! Rule ([`Task::infer`]): a categorical (text) target is classification; a numeric target whose
//! non-missing values are all integers with at most [`MAX_INTEGER_CLASSES`] distinct values is
//! classification; any other numeric target is regression.
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
    Classification,
    Regression,
}

/// The task to use: inferred, or forced by the user.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum TaskChoice {
    #[default]
    Auto,
    Classification,
    Regression,
}

impl Task {
    /// The task the target column suggests (see the module documentation for the rule).
    ///
    /// ```
    /// use downhill_data::{Column, NumericColumn, Task};
    /// let labels = Column::Numeric(NumericColumn::from_options([Some(0.0), Some(1.0), None]));
    /// assert_eq!(Task::infer(&labels), Task::Classification);
    /// let prices = Column::Numeric(NumericColumn::from_options([Some(0.5), Some(1.0)]));
    /// assert_eq!(Task::infer(&prices), Task::Regression);
    /// ```
    pub fn infer(target: &Column) -> Task {
        let Column::Numeric(values) = target else { return Task::Classification };
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
        Task::Classification
    }
}

impl TaskChoice {
    /// The forced task, or the inferred one for `Auto`.
    pub fn resolve(self, target: &Column) -> Task {
        match self {
            TaskChoice::Auto => Task::infer(target),
            TaskChoice::Classification => Task::Classification,
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
        assert_eq!(Task::infer(&numbers((0..20).map(|i| i as f32))), Task::Classification);
        assert_eq!(Task::infer(&numbers((0..21).map(|i| i as f32))), Task::Regression);
    }

    #[test]
    fn fractions_mean_regression_and_text_means_classes() {
        assert_eq!(Task::infer(&numbers([1.0, 2.5])), Task::Regression);
        let text = Column::Categorical(CategoricalColumn::from_options([Some("a")]));
        assert_eq!(Task::infer(&text), Task::Classification);
    }

    #[test]
    fn choice_overrides_inference() {
        let col = numbers([1.0, 2.0]);
        assert_eq!(TaskChoice::Regression.resolve(&col), Task::Regression);
        assert_eq!("auto".parse::<TaskChoice>().unwrap().resolve(&col), Task::Classification);
        assert!("ranking".parse::<TaskChoice>().unwrap_err().to_string().contains("auto, classification"));
    }
}
