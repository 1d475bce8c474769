//! `Pipeline`: preprocessing and an estimator fitted together on raw rows, so the model never sees
//! unscaled data and a saved model cannot be separated from the scaling it was trained behind
//! (scikit-learn's `make_pipeline(StandardScaler(), MLPClassifier())`).
//!
//! `fit(x, y)` builds a table of `x`'s columns (named by `feature_names`, else `x1..xd`) and the
//! target, fits downhill-data's `Preprocessor` on it (the CLI's preprocessing: by default standard
//! scaling, x → (x − μ) / σ with μ, σ of these rows), then fits the estimator on the scaled rows.
//! The result, `FittedPipeline`, predicts on raw rows and saves to the CLI's model file format,
//! preprocessing included (`extra.preprocessing`), so `downhill predict` reads it too.
use crate::{check_xy, task_of, Estimator, Fit, FittedPipeline, LearnError, Task};
use downhill_data::{CategoricalColumn, Column, Dataset, NumericColumn, PreprocessOptions, Preprocessor};
use downhill_data::{Scale, Table, Target};
use downhill_tensor::Tensor;

/// An estimator behind a preprocessing step, not yet fitted. For estimators with one target
/// column: every one but the `Autoencoder` (whose targets are its inputs). `x` holds numeric
/// columns; for text columns, fit on a table with the CLI (`downhill train`) and use
/// `FittedPipeline::load` and `predict_table`.
///
/// ```
/// use downhill_learn::{train_test_split, MlpClassifier, Pipeline};
/// let iris = downhill_data::datasets::iris();
/// let s = train_test_split(&iris.x, &iris.y, 0.2, 0)?;
/// let clf = MlpClassifier::new().hidden([16]).lr(0.01).epochs(100);
/// let fitted = Pipeline::new(clf).names_from(&iris).fit(&s.x_train, &s.y_train)?;
/// assert!(fitted.score(&s.x_test, &s.y_test)? > 0.8);
/// # Ok::<(), downhill_learn::LearnError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Pipeline<E> {
    /// The estimator fitted after the preprocessing.
    pub estimator: E,
    /// How numeric features are scaled. Default: `Scale::Standard`.
    pub scale: Scale,
    /// One name per column of `x`, as in the data file. Default: `x1`, `x2`, ...
    pub feature_names: Option<Vec<String>>,
    /// The target column's name. Default: `target`.
    pub target_name: Option<String>,
    /// Class names in class-id order. Default: the ids themselves, `0`, `1`, ...
    pub class_names: Option<Vec<String>>,
}

impl<E: Estimator> Pipeline<E> {
    /// `estimator` behind standard scaling, with default names.
    pub fn new(estimator: E) -> Pipeline<E> {
        Pipeline {
            estimator,
            scale: Scale::Standard,
            feature_names: None,
            target_name: None,
            class_names: None,
        }
    }

    /// The scaling of numeric features (`--scale`). Default: `Scale::Standard`.
    pub fn scale(self, scale: Scale) -> Pipeline<E> {
        Pipeline { scale, ..self }
    }

    /// Feature, target and class names from `data` (whose `x` and `y` are then what to fit).
    /// With the data file's names, `downhill predict` can read that file with the saved model.
    pub fn names_from(self, data: &Dataset) -> Pipeline<E> {
        let class_names = Some(data.class_names.clone()).filter(|c| !c.is_empty());
        Pipeline {
            feature_names: Some(data.feature_names.clone()),
            target_name: Some(data.target_name.clone()),
            class_names,
            ..self
        }
    }

    /// The names of `x`'s columns. Default: `x1`, `x2`, ...
    pub fn feature_names(self, names: Vec<String>) -> Pipeline<E> {
        Pipeline { feature_names: Some(names), ..self }
    }

    /// The class names in class-id order (`names[id]`). Default: the ids, `0`, `1`, ...
    pub fn class_names(self, names: Vec<String>) -> Pipeline<E> {
        Pipeline { class_names: Some(names), ..self }
    }

    /// Fits the preprocessing on `x` (raw rows), then the estimator on the preprocessed rows.
    pub fn fit(&self, x: &Tensor, y: &Tensor) -> Result<FittedPipeline, LearnError> {
        let features = check_xy(x, y, "fit")?;
        let task = task_of(&self.estimator, y)?;
        let names = match &self.feature_names {
            Some(names) if names.len() != features => return Err(mismatch("feature_names", features, names)),
            Some(names) => names.clone(),
            None => (1..=features).map(|i| format!("x{i}")).collect(),
        };
        let target_name = self.target_name.clone().unwrap_or_else(|| "target".into());
        let (target, column) = self.target(task, &target_name, y)?;
        let mut table = table_of(x, &names)?;
        table = with_column(table, &target_name, column)?;
        let options = PreprocessOptions { scale: Some(self.scale), ..PreprocessOptions::default() };
        let prep = Preprocessor::fit(&table, target, &options)?;
        let fitted = self.estimator.fit(&prep.transform_features(&table)?.x, y)?;
        FittedPipeline::new(prep, fitted.info(), fitted.history().clone(), fitted.into_model())
    }

    /// The fitted target and its column: class names (given, or the ids as text) or values.
    fn target(&self, task: Task, name: &str, y: &Tensor) -> Result<(Target, Column), LearnError> {
        let Task::Classification { classes } = task else {
            let values = NumericColumn::from_raw(y.data().to_vec());
            return Ok((Target::regression(name), Column::Numeric(values)));
        };
        let names = match &self.class_names {
            Some(names) if names.len() < classes => return Err(mismatch("class_names", classes, names)),
            Some(names) => names.clone(),
            None => (0..classes).map(|i| i.to_string()).collect(),
        };
        // check_xy and task_of have made every value a class id below `classes`.
        let labels = y.data().iter().map(|&id| Some(names[id as usize].as_str()));
        let column = Column::Categorical(CategoricalColumn::from_options(labels));
        Ok((Target::classification(name, names.clone()), column))
    }
}

fn mismatch(what: &'static str, expected: usize, names: &[String]) -> LearnError {
    let expected = format!("{expected} names (one per column of x, or per class)");
    LearnError::BadShape { what, expected, actual: format!("{} names", names.len()) }
}

/// A table of `x`'s columns named `names` (a copy: preprocessing reads columns).
pub(crate) fn table_of(x: &Tensor, names: &[String]) -> Result<Table, LearnError> {
    let (n, d) = (x.rows(), x.cols());
    let columns = (0..d)
        .map(|j| Column::Numeric(NumericColumn::from_raw((0..n).map(|i| x.data()[i * d + j]).collect())))
        .collect();
    Ok(Table::new(names.to_vec(), columns)?)
}

fn with_column(table: Table, name: &str, column: Column) -> Result<Table, LearnError> {
    let mut names = table.names().to_vec();
    let mut columns = table.columns().to_vec();
    names.push(name.to_owned());
    columns.push(column);
    Ok(Table::new(names, columns)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{LinearRegression, MlpClassifier};

    #[test]
    fn names_must_match_the_data_and_default_to_x1_and_target() {
        let x = Tensor::from_rows(&[[0.0, 1.0], [1.0, 0.0], [2.0, 1.0], [3.0, 0.0]]).unwrap();
        let y = Tensor::from_rows(&[[0.0], [1.0], [0.0], [1.0]]).unwrap();
        let clf = MlpClassifier::new().hidden([4]).epochs(2);
        let bad = Pipeline::new(clf.clone()).class_names(vec!["only".into()]).fit(&x, &y).unwrap_err();
        assert!(bad.to_string().contains("class_names"), "{bad}");
        let fitted = Pipeline::new(clf).fit(&x, &y).unwrap();
        assert_eq!(fitted.feature_names(), ["x1", "x2"]);
        assert_eq!(fitted.class_names(), ["0", "1"]);
        let reg = Pipeline::new(LinearRegression::new().epochs(3)).feature_names(vec!["a".into()]);
        assert!(reg.fit(&x, &y).unwrap_err().to_string().contains("feature_names"));
    }
}
