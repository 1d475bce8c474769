//! A fitted `Pipeline`: the preprocessing fitted on the training rows and the model trained behind
//! it, used as one value. `predict`, `predict_proba` and `score` take raw rows (as given to `fit`);
//! `save` writes the CLI's model file (downhill-learn's safetensors model with the preprocessing
//! as `extra.preprocessing`, as `downhill train` writes it), so `downhill predict` and `evaluate`
//! read a file saved from Rust, and `load` reads files written by either.
use crate::pipeline::table_of;
use crate::{check_x, load_model, save_model, History, LearnError, Model, ModelFileError, ModelInfo};
use crate::{Predict, Score};
use downhill_data::{Preprocessor, Table};
use downhill_tensor::Tensor;
use std::path::Path;

const PREPROCESSING: &str = "preprocessing";

/// Preprocessing and model, fitted together.
#[derive(Debug)]
pub struct FittedPipeline {
    prep: Preprocessor,
    model: Model,
    info: ModelInfo,
    /// The training run's record; `None` for a pipeline read from a file.
    history: Option<History>,
}

impl FittedPipeline {
    /// Joins a fitted preprocessing and the model trained on its output; `info` gets the names
    /// and the preprocessing (what `save` writes).
    pub(crate) fn new(
        prep: Preprocessor,
        mut info: ModelInfo,
        history: History,
        model: Model,
    ) -> Result<FittedPipeline, LearnError> {
        info.feature_names = prep.feature_names();
        info.class_names = prep.classes().to_vec();
        info.extra.insert(PREPROCESSING.into(), prep.to_json()?);
        let data = serde_json::json!({ "file": null, "source": "downhill_learn::Pipeline", "target": prep.target().column() });
        info.extra.insert("data".into(), data.to_string());
        Ok(FittedPipeline { prep, model, info, history: Some(history) })
    }

    /// The model's inputs for raw rows `x` ([n, features], the columns given to `fit`).
    pub fn transform(&self, x: &Tensor) -> Result<Tensor, LearnError> {
        let found = check_x(x, "predict")?;
        let columns = self.prep.input_columns();
        if let Some(column) = self.prep.categorical_columns().first() {
            let expected = format!("a table: this model one-hot encodes `{column}`; use predict_table");
            return Err(LearnError::BadShape { what: "x", expected, actual: "a tensor".into() });
        }
        if found != columns.len() {
            return Err(LearnError::FeatureMismatch { expected: columns.len(), found });
        }
        let names: Vec<String> = columns.iter().map(|c| c.to_string()).collect();
        self.transform_table(&table_of(x, &names)?)
    }

    /// The model's inputs for a table with the training columns (by name; others are ignored),
    /// e.g. a file read with `downhill_data::load`.
    pub fn transform_table(&self, table: &Table) -> Result<Tensor, LearnError> {
        Ok(self.prep.transform_features(table)?.x)
    }

    /// Predicted values, or class ids as f32, [n, 1], for raw rows `x`.
    pub fn predict(&self, x: &Tensor) -> Result<Tensor, LearnError> {
        self.model.predict(&self.transform(x)?)
    }

    /// `predict` on a table (see `transform_table`).
    pub fn predict_table(&self, table: &Table) -> Result<Tensor, LearnError> {
        self.model.predict(&self.transform_table(table)?)
    }

    /// Class names of the predictions for raw rows `x`; an error for a regressor.
    pub fn predict_labels(&self, x: &Tensor) -> Result<Vec<String>, LearnError> {
        if self.prep.classes().is_empty() {
            let rule = "used with a classifier: a regressor predicts values, use predict";
            return Err(LearnError::invalid("predict_labels", rule, self.model.estimator.name()));
        }
        let ids = self.predict(x)?;
        Ok(ids.data().iter().map(|&id| self.prep.classes()[id as usize].clone()).collect())
    }

    /// Class probabilities [n, classes] for raw rows `x`.
    pub fn predict_proba(&self, x: &Tensor) -> Result<Tensor, LearnError> {
        self.model.predict_proba(&self.transform(x)?)
    }

    /// Accuracy (classifiers) or R² (regressors) on raw rows `x` with targets `y`.
    pub fn score(&self, x: &Tensor, y: &Tensor) -> Result<f64, LearnError> {
        self.model.score(&self.transform(x)?, y)
    }

    /// Writes the model file (atomically), preprocessing included.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), ModelFileError> {
        save_model(path, &self.model, &self.info)
    }

    /// Reads a model file written by `save` or by `downhill train`.
    pub fn load(path: impl AsRef<Path>) -> Result<FittedPipeline, ModelFileError> {
        let path = path.as_ref();
        let (model, info) = load_model(path)?;
        let corrupt =
            |detail: String| ModelFileError::Corrupt { path: path.into(), what: "preprocessing", detail };
        let text = info.extra.get(PREPROCESSING).ok_or_else(|| {
            corrupt("absent (a model saved without it: load it with load_model, or save with FittedPipeline::save)".into())
        })?;
        let prep = Preprocessor::from_json(text).map_err(|e| corrupt(e.to_string()))?;
        if let Some(detail) = names_disagreement(&info, &prep) {
            return Err(ModelFileError::Damaged { path: path.into(), detail });
        }
        Ok(FittedPipeline { prep, model, info, history: None })
    }

    /// The trained model.
    pub fn model(&self) -> &Model {
        &self.model
    }
    /// The preprocessing fitted on the training rows, applied to every input before the model.
    pub fn preprocessor(&self) -> &Preprocessor {
        &self.prep
    }
    /// The model file's metadata (names, settings, metrics).
    pub fn info(&self) -> &ModelInfo {
        &self.info
    }
    /// The training run's record; `None` after `load`.
    pub fn history(&self) -> Option<&History> {
        self.history.as_ref()
    }
    /// The input columns, in the order `x`'s columns are read.
    pub fn feature_names(&self) -> Vec<String> {
        self.prep.input_columns().iter().map(|c| c.to_string()).collect()
    }
    /// Class names in class-id order; empty for a regressor.
    pub fn class_names(&self) -> &[String] {
        self.prep.classes()
    }
}

/// What differs between the class and feature names a model file stores twice (the model's and
/// its preprocessing's), or `None` when they agree. A file where they disagree was edited or
/// damaged, and either copy could be the wrong one.
pub fn names_disagreement(info: &ModelInfo, prep: &Preprocessor) -> Option<String> {
    let differ = |what: &str, stored: &[String], prepared: &[String]| {
        let k = stored.iter().zip(prepared).take_while(|(a, b)| a == b).count();
        let at = |names: &[String]| names.get(k).map_or("none".to_string(), |n| format!("`{n}`"));
        format!(
            "its {} {what} differ from its preprocessing's {} (number {}: {} against {})",
            stored.len(),
            prepared.len(),
            k + 1,
            at(stored),
            at(prepared)
        )
    };
    if info.class_names != prep.classes() {
        return Some(differ("class names", &info.class_names, prep.classes()));
    }
    let features = prep.feature_names();
    (info.feature_names != features).then(|| differ("feature names", &info.feature_names, &features))
}

impl Predict for FittedPipeline {
    fn predict(&self, x: &Tensor) -> Result<Tensor, LearnError> {
        FittedPipeline::predict(self, x)
    }
}

impl Score for FittedPipeline {
    fn score(&self, x: &Tensor, y: &Tensor) -> Result<f64, LearnError> {
        FittedPipeline::score(self, x, y)
    }
}
