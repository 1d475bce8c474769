//! A model file opened for use: the model, its metadata and its preprocessing, and how to read a
//! data file the way training read it (categorical columns as categories, LIBSVM at the trained
//! width), then turn it into the model's features. Missing training columns are errors naming
//! them; unseen categories are warnings (encoded as all zeros).
use crate::error::CliError;
use downhill_data::{load, LoadOptions, Prepared, Preprocessor, Table};
use downhill_learn::{load_model, names_disagreement, Model, ModelInfo};
use std::path::Path;

#[derive(Debug)]
pub struct Saved {
    pub model: Model,
    pub info: ModelInfo,
    pub prep: Preprocessor,
}

impl Saved {
    pub fn open(path: &Path) -> Result<Saved, CliError> {
        let (model, info) = load_model(path)?;
        Saved::from_loaded(model, info, path)
    }

    /// `open` on a model file already read from `path` (named in errors).
    pub fn from_loaded(model: Model, info: ModelInfo, path: &Path) -> Result<Saved, CliError> {
        let text = info.extra.get("preprocessing").ok_or_else(|| {
            CliError::Usage(format!(
                "{}: the model file has no preprocessing (extra.preprocessing); use a model written by `downhill train`",
                path.display()
            ))
        })?;
        let prep = Preprocessor::from_json(text).map_err(|e| {
            CliError::Usage(format!(
                "{}: corrupt preprocessing metadata ({e}); retrain the model",
                path.display()
            ))
        })?;
        if let Some(detail) = names_disagreement(&info, &prep) {
            return Err(CliError::Usage(format!(
                "{}: the model file is damaged: {detail}; retrain or restore it",
                path.display()
            )));
        }
        Ok(Saved { model, info, prep })
    }

    /// Reads `data` with the options training implies.
    pub fn read(&self, data: &Path) -> Result<Table, CliError> {
        let options = LoadOptions {
            categorical: self.prep.categorical_columns(),
            n_features: self.libsvm_width(),
            feature_hash: self.prep.feature_hash(),
            ..Default::default()
        };
        Ok(load(data, &options)?)
    }

    /// Features only (prediction), or features and target (evaluation).
    pub fn prepare(&self, table: &Table, with_target: bool) -> Result<Prepared, CliError> {
        Ok(if with_target { self.prep.transform(table)? } else { self.prep.transform_features(table)? })
    }

    /// When every input column is a LIBSVM feature `fK`, the largest K: the width to read at.
    fn libsvm_width(&self) -> Option<usize> {
        let ks: Option<Vec<usize>> = self
            .prep
            .input_columns()
            .iter()
            .map(|c| c.strip_prefix('f').and_then(|k| k.parse().ok()))
            .collect();
        ks.and_then(|ks| ks.into_iter().max())
    }
}
