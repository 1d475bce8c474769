//! Preprocessing fitted on training rows only, stored with the model and reapplied at predict time.
//!
//! `fit` learns, per feature column, the imputation value and scaling (numeric) or the category list
//! (categorical), plus the target encoding it is given. `transform` applies exactly that to any table
//! with the same columns (by name, any order, extra columns ignored); a missing column is an error.
use downhill_tensor::{Float, Tensor};
use serde::{Deserialize, Serialize};

use super::feature::{FeatureEncoder, Sink};
use super::missing::{MissingPolicy, TargetValues};
use super::prepared::Prepared;
use super::scale::Scale;
use crate::{DataError, FeatureHash, Table, Target, Task, Warning};

/// The options a preprocessing is fitted with. Default: the data's scaling
/// ([`Scale::default_for`]), missing values are errors.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PreprocessOptions {
    /// How numeric features are scaled; `None`: as [`Scale::default_for`] the data.
    pub scale: Option<Scale>,
    /// What missing values do (default [`MissingPolicy::Error`]).
    pub missing: MissingPolicy,
}

impl PreprocessOptions {
    /// The scaling asked for, or the one [`Scale::default_for`] gives the data (`images`: the
    /// file gives each sample's shape).
    pub fn scale_for(&self, images: bool) -> Scale {
        self.scale.unwrap_or(Scale::default_for(images))
    }
}

/// A fitted, serialisable preprocessing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Preprocessor {
    target: Target,
    scale: Scale,
    missing: MissingPolicy,
    features: Vec<FeatureEncoder>,
    /// The hashing of LIBSVM indices into the `h1..hN` columns, when training used it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    feature_hash: Option<FeatureHash>,
}

impl Preprocessor {
    /// Fits on `train` (the training rows only): every column but the target is a feature.
    ///
    /// ```
    /// use downhill_data::*;
    /// let x = Column::Categorical(CategoricalColumn::from_options([Some("red"), Some("blue"), Some("red")]));
    /// let y = Column::Numeric(NumericColumn::from_options([Some(0.5), Some(1.5), Some(2.0)]));
    /// let train = Table::new(vec!["color".into(), "y".into()], vec![x, y]).unwrap();
    /// let target = Target::fit(&train, "y", TaskChoice::Auto).unwrap();
    /// let prep = Preprocessor::fit(&train, target, &PreprocessOptions::default()).unwrap();
    /// let out = prep.transform(&train).unwrap();
    /// assert_eq!(out.feature_names, ["color=blue", "color=red"]);
    /// assert_eq!(out.x.row(1), &[1.0, 0.0]); // one-hot: written as exact 0s and 1s
    /// assert_eq!(out.y.unwrap().dims(), &[3, 1]);
    /// ```
    pub fn fit(
        train: &Table,
        target: Target,
        options: &PreprocessOptions,
    ) -> Result<Preprocessor, DataError> {
        let y = target.encode(train)?;
        let position = target.excluded_column().map(|c| train.column_index(c)).transpose()?;
        let features: Vec<usize> = (0..train.n_cols()).filter(|&k| Some(k) != position).collect();
        if features.is_empty() {
            return Err(DataError::NoFeatures {
                path: train.source().to_owned(),
                target: target.column().unwrap_or_default().to_owned(),
            });
        }
        let name = target.column().unwrap_or_default();
        let values = position.filter(|_| target.column().is_some());
        let values = values.map(|position| TargetValues { values: &y, position, name });
        let rows = options.missing.rows(train, &features, values.as_ref())?;
        let (names, columns) = (train.names(), train.columns());
        let scale = options.scale_for(train.sample_shape().is_some());
        let features = features
            .iter()
            .map(|&k| FeatureEncoder::fit(&names[k], &columns[k], &rows, scale, options.missing))
            .collect::<Result<_, _>>()?;
        Ok(Preprocessor::from_parts(target, scale, options.missing, features))
    }

    /// A preprocessing from its columns fitted with `scale` (here, and in the streaming fits); a
    /// global scaling makes one map of the numeric columns' partial fits here (`Scale::globalize`).
    pub(crate) fn from_parts(
        target: Target,
        scale: Scale,
        missing: MissingPolicy,
        mut features: Vec<FeatureEncoder>,
    ) -> Preprocessor {
        scale.globalize(features.iter_mut().filter_map(|f| match f {
            FeatureEncoder::Numeric { affine, .. } => Some(affine),
            FeatureEncoder::OneHot { .. } => None,
        }));
        Preprocessor { target, scale, missing, features, feature_hash: None }
    }

    /// The same preprocessing, recording that its columns are the buckets of `hash` (a table read
    /// with `LoadOptions::feature_hash`), so a model file tells how to read data again.
    pub fn with_feature_hash(self, hash: Option<FeatureHash>) -> Preprocessor {
        Preprocessor { feature_hash: hash, ..self }
    }

    /// The feature hashing its columns come from: pass it as `LoadOptions::feature_hash` to read
    /// data for it.
    pub fn feature_hash(&self) -> Option<FeatureHash> {
        self.feature_hash
    }

    /// `x` and `y` of a labelled table (training, validation or evaluation data). An unknown label
    /// is an error. When the targets are the inputs (`Target::inputs`), `y` is a copy of `x`.
    pub fn transform(&self, table: &Table) -> Result<Prepared, DataError> {
        let Some(column) = self.target.column() else {
            let prepared = self.apply(table, None)?;
            return Ok(Prepared { y: Some(prepared.x.clone()), ..prepared });
        };
        let y = self.target.encode(table)?;
        let position = table.column_index(column)?;
        self.apply(table, Some(TargetValues { values: &y, position, name: column }))
    }

    /// The same preprocessing of the feature columns named in `keep` only (feature selection);
    /// the others are no longer read.
    pub fn keep_columns(&self, keep: &[String]) -> Preprocessor {
        let features =
            self.features.iter().filter(|f| keep.iter().any(|k| k == f.column())).cloned().collect();
        Preprocessor { features, ..self.clone() }
    }

    /// `x` only, for prediction; a target column, if present, is ignored.
    pub fn transform_features(&self, table: &Table) -> Result<Prepared, DataError> {
        self.apply(table, None)
    }

    fn apply(&self, table: &Table, target: Option<TargetValues<'_>>) -> Result<Prepared, DataError> {
        let positions = self
            .features
            .iter()
            .map(|f| table.names().iter().position(|n| n == f.column()))
            .zip(&self.features)
            .map(|(p, f)| p.ok_or_else(|| DataError::MissingColumn { column: f.column().to_owned() }))
            .collect::<Result<Vec<usize>, _>>()?;
        let rows = self.missing.rows(table, &positions, target.as_ref())?;
        let width = self.n_features();
        let mut x = Tensor::zeros([rows.len(), width]);
        let mut warnings = Vec::new();
        let mut offset = 0;
        for (f, &k) in self.features.iter().zip(&positions) {
            let mut sink =
                Sink { out: x.data_mut(), width, offset, rows: &rows, table, warnings: &mut warnings };
            f.write(&table.columns()[k], &mut sink)?;
            offset += f.width();
        }
        // Kept rows are ascending, so the first dropped one is the first position that differs.
        if let Some(first) = (0..table.n_rows()).find(|&i| rows.get(i) != Some(&i)) {
            warnings.push(Warning::dropped(table.n_rows() - rows.len(), table.row_ref(first)));
        }
        let y = target.map(|t| {
            let mut y = Tensor::zeros([rows.len(), 1]);
            y.data_mut().iter_mut().zip(&rows).for_each(|(v, &r)| *v = t.values[r].unwrap_or(Float::NAN));
            y
        });
        Ok(Prepared { x, y, feature_names: self.feature_names(), rows, warnings })
    }

    /// The target encoding it was fitted with.
    pub fn target(&self) -> &Target {
        &self.target
    }
    /// The task of its target (regression for [`Target::inputs`]).
    pub fn task(&self) -> Task {
        self.target.task()
    }
    /// Class names in class-id order; empty for regression.
    pub fn classes(&self) -> &[String] {
        self.target.classes()
    }
    /// The scaling its numeric features were fitted with.
    pub fn scale(&self) -> Scale {
        self.scale
    }
    /// Its missing-values policy, applied again by every `transform`.
    pub fn missing(&self) -> MissingPolicy {
        self.missing
    }
    /// The fitted encoders, one per input feature column, in order.
    pub fn encoders(&self) -> &[FeatureEncoder] {
        &self.features
    }
    /// Width of `x`.
    pub fn n_features(&self) -> usize {
        self.features.iter().map(FeatureEncoder::width).sum()
    }
    /// Names of the columns of `x` (`column` or `column=category`).
    pub fn feature_names(&self) -> Vec<String> {
        self.features.iter().flat_map(FeatureEncoder::feature_names).collect()
    }
    /// Each input column with the number of features it becomes (1, or its one-hot width), in
    /// feature order: what sums per-feature values back to columns.
    pub fn column_widths(&self) -> Vec<(String, usize)> {
        self.features.iter().map(|f| (f.column().to_string(), f.width())).collect()
    }
    /// The input columns the features are read from.
    pub fn input_columns(&self) -> Vec<&str> {
        self.features.iter().map(FeatureEncoder::column).collect()
    }
    /// The categorical input columns: pass them as `LoadOptions::categorical` at predict time.
    pub fn categorical_columns(&self) -> Vec<String> {
        let one_hot = self.features.iter().filter(|f| matches!(f, FeatureEncoder::OneHot { .. }));
        one_hot.map(|f| f.column().to_owned()).collect()
    }

    /// JSON for a model file's metadata.
    pub fn to_json(&self) -> Result<String, DataError> {
        Ok(serde_json::to_string(self)?)
    }
    /// Reads what [`to_json`](Self::to_json) wrote; a malformed string is a `Metadata` error.
    pub fn from_json(text: &str) -> Result<Preprocessor, DataError> {
        Ok(serde_json::from_str(text)?)
    }
}
