//! Model files: one safetensors file whose tensors are the network's parameters and buffers under
//! their own names (`layers.0.weight`, `layers.1.running_mean`, ...; any safetensors reader opens
//! it), and whose `__metadata__` (a string → string map) holds, each value JSON unless noted:
//!   format          "downhill-model" (plain string)        format_version  "1" (plain string)
//!   estimator       e.g. "mlp_classifier"                   objective, task, architecture
//!   feature_names   ["sepal_length", ...]                   class_names     ["setosa", ...]
//!   training        the estimator's settings                metrics         final metrics
//!   target_scale    {"mean": μ, "std": σ} of a regressor trained on standardised targets, or null
//!   `extra.<key>`   caller-supplied strings, verbatim (the CLI stores its preprocessing here)
//! Written atomically. Reading tells apart a truncated file, a foreign one, a newer version and
//! inconsistent content. Version 2 added `target_scale`: a version-1 reader would have ignored it
//! and predicted in standardised units, so it must refuse these files; version-1 files (written
//! before target scaling) load with no scale.
use crate::tensor_file::{self, Metadata};
use crate::{Architecture, EstimatorKind, Model, ModelFileError, Objective, TargetScale, Task};
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::path::Path;

/// The `format` a model file's metadata holds (`inspect` shows it).
pub const MODEL_FORMAT: &str = "downhill-model";
/// The model file format version this build writes; files of older versions are read too.
pub const MODEL_FORMAT_VERSION: u32 = 2;
const EXTRA: &str = "extra.";

/// Everything in a model file besides the network.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ModelInfo {
    /// The input columns' names, in order (empty when unknown).
    pub feature_names: Vec<String>,
    /// The class names in class-id order (empty for regression, or when unknown).
    pub class_names: Vec<String>,
    /// The estimator's settings (`TrainConfig` and its own options).
    pub training: serde_json::Value,
    /// Final metrics (e.g. validation accuracy, stop reason).
    pub metrics: serde_json::Value,
    /// Caller-supplied entries, stored as `extra.<key>`.
    pub extra: BTreeMap<String, String>,
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|e| panic!("plain data serialises: {e}"))
}

/// Writes `model` and `info` to `path` atomically.
pub fn save_model(path: impl AsRef<Path>, model: &Model, info: &ModelInfo) -> Result<(), ModelFileError> {
    let mut meta = Metadata::from([
        ("format".into(), MODEL_FORMAT.into()),
        ("format_version".into(), MODEL_FORMAT_VERSION.to_string()),
        ("estimator".into(), json(&model.estimator)),
        ("objective".into(), json(&model.objective)),
        ("task".into(), json(&model.task)),
        ("architecture".into(), json(&model.architecture)),
        ("feature_names".into(), json(&info.feature_names)),
        ("class_names".into(), json(&info.class_names)),
        ("training".into(), json(&info.training)),
        ("metrics".into(), json(&info.metrics)),
        ("target_scale".into(), json(&model.target_scale)),
    ]);
    meta.extend(info.extra.iter().map(|(k, v)| (format!("{EXTRA}{k}"), v.clone())));
    tensor_file::write(path.as_ref(), &model.state_dict(), meta)
}

/// Reads a model written by `save_model`.
pub fn load_model(path: impl AsRef<Path>) -> Result<(Model, ModelInfo), ModelFileError> {
    let path = path.as_ref();
    let (tensors, meta) = tensor_file::read(path)?;
    check_format(path, &meta, MODEL_FORMAT, "model", MODEL_FORMAT_VERSION)?;
    let corrupt =
        |what: &'static str, detail: String| ModelFileError::Corrupt { path: path.into(), what, detail };
    fn field<T: DeserializeOwned>(meta: &Metadata, key: &'static str) -> Result<T, (&'static str, String)> {
        entry(meta, key).map_err(|detail| (key, detail))
    }
    let parsed = (|| {
        let estimator: EstimatorKind = field(&meta, "estimator")?;
        let objective: Objective = field(&meta, "objective")?;
        let task: Task = field(&meta, "task")?;
        let architecture: Architecture = field(&meta, "architecture")?;
        let target_scale: Option<TargetScale> =
            if meta.contains_key("target_scale") { field(&meta, "target_scale")? } else { None };
        let info = ModelInfo {
            feature_names: field(&meta, "feature_names")?,
            class_names: field(&meta, "class_names")?,
            training: field(&meta, "training").unwrap_or_default(),
            metrics: field(&meta, "metrics").unwrap_or_default(),
            extra: meta
                .iter()
                .filter_map(|(k, v)| k.strip_prefix(EXTRA).map(|k| (k.to_string(), v.clone())))
                .collect(),
        };
        Ok((estimator, objective, task, architecture, target_scale, info))
    })();
    let (estimator, objective, task, architecture, target_scale, info) =
        parsed.map_err(|(what, detail)| corrupt(what, detail))?;
    let mut net = architecture.build(0).map_err(|e| corrupt("architecture", e.to_string()))?;
    downhill_nn::load_state(&mut net, &tensors).map_err(|e| corrupt("weights", e.to_string()))?;
    let model = Model::new(estimator, objective, task, architecture, net).with_target_scale(target_scale);
    Ok((model, info))
}

/// Reads the metadata entry `key` as the JSON downhill wrote there (model, module and checkpoint
/// files). The error says which entry and what to do, not serde's position alone ("expected value
/// at line 1 column 1"), which names neither.
pub(crate) fn entry<T: DeserializeOwned>(meta: &Metadata, key: &str) -> Result<T, String> {
    let text = meta.get(key).ok_or_else(|| format!("the metadata has no `{key}` entry"))?;
    serde_json::from_str(text).map_err(|e| {
        format!(
            "the metadata's `{key}` entry is not what downhill writes there ({e}); the file was changed \
             after it was saved: restore it from a copy or train again"
        )
    })
}

/// Checks `format` and `format_version`; shared with checkpoints.
pub(crate) fn check_format(
    path: &Path,
    meta: &Metadata,
    format: &str,
    expected: &'static str,
    supported: u32,
) -> Result<(), ModelFileError> {
    let found = meta.get("format").cloned();
    if found.as_deref() != Some(format) {
        let found = found.map_or_else(|| "absent".to_string(), |f| format!("`{f}`"));
        return Err(ModelFileError::Foreign { path: path.into(), expected, found });
    }
    let damaged = |detail: String| Err(ModelFileError::Damaged { path: path.into(), detail });
    let Some(text) = meta.get("format_version") else {
        return damaged("the metadata has no format_version".into());
    };
    match text.parse::<u32>() {
        Ok(v) if v > supported => {
            Err(ModelFileError::NewerVersion { path: path.into(), found: v, supported })
        }
        Ok(_) => Ok(()),
        Err(_) => damaged(format!("format_version {text:?} is not a whole number")),
    }
}
