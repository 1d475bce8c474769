//! Model files: round trip, metadata, readability by a plain safetensors reader, and clear errors
//! for truncated, foreign and newer files.
#![allow(clippy::unwrap_used)]
mod common;
use common::{prepared, temp_dir};
use downhill_learn::*;
use std::collections::{BTreeMap, HashMap};

fn trained() -> (Fitted<MlpClassifier>, Tensor) {
    let (x, y, xt, _) = prepared("iris.csv", 0.3, Task::Classification { classes: 3 }, 2);
    let mut p = MlpClassifier::default();
    p.shape.hidden = vec![8];
    p.shape.batch_norm = true;
    p.train.stopping = StoppingRules::epochs(5);
    (p.fit(&x, &y).unwrap(), xt)
}

/// The values of `t` as bits: save -> load must give bit-identical outputs, not merely close ones.
fn bits(t: &Tensor) -> (Vec<usize>, Vec<u32>) {
    (t.dims().to_vec(), t.data().iter().map(|v| v.to_bits()).collect())
}

fn info(fitted: &Fitted<MlpClassifier>) -> ModelInfo {
    ModelInfo {
        feature_names: vec!["a".into(), "b".into(), "c".into(), "d".into()],
        class_names: vec!["setosa".into(), "versicolor".into(), "virginica".into()],
        extra: BTreeMap::from([("preprocessing".to_string(), r#"{"scale":"standard"}"#.to_string())]),
        ..fitted.info()
    }
}

#[test]
fn save_then_load_predicts_identically_and_keeps_the_metadata() {
    let (fitted, xt) = trained();
    let dir = temp_dir("model-roundtrip");
    let path = dir.join("iris.safetensors");
    save_model(&path, &fitted.model, &info(&fitted)).unwrap();
    let (model, back) = load_model(&path).unwrap();
    let (got, want) = (model.predict_proba(&xt).unwrap(), fitted.model.predict_proba(&xt).unwrap());
    assert_eq!(bits(&got), bits(&want), "{got:?} vs {want:?}");
    assert_eq!(
        (model.estimator, model.task),
        (EstimatorKind::MlpClassifier, Task::Classification { classes: 3 })
    );
    assert_eq!(back, info(&fitted)); // exact on purpose: the metadata's numbers round-trip unchanged
    assert_eq!(back.training["params"]["shape"]["hidden"], serde_json::json!([8]));
    assert_eq!(back.metrics["epochs"], serde_json::json!(5));

    // Any safetensors reader sees the weights under their layer names and our metadata.
    let bytes = std::fs::read(&path).unwrap();
    let st = safetensors::SafeTensors::deserialize(&bytes).unwrap();
    let mut names: Vec<String> = st.names().into_iter().cloned().collect();
    names.sort();
    assert!(
        names.contains(&"layers.0.weight".to_string())
            && names.contains(&"layers.1.running_mean".to_string()),
        "{names:?}"
    );
    let (_, meta) = safetensors::SafeTensors::read_metadata(&bytes).unwrap();
    let meta = meta.metadata().clone().unwrap();
    assert_eq!((meta["format"].as_str(), meta["format_version"].as_str()), ("downhill-model", "2"));
    assert_eq!(meta["extra.preprocessing"], r#"{"scale":"standard"}"#);
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1, "no temporary files left");
    std::fs::remove_dir_all(dir).unwrap();
}

/// Rewrites the model at `path` with its tensors and `edit`ed metadata, through the plain
/// safetensors writer.
fn rewrite(path: &std::path::Path, edit: impl FnOnce(&mut HashMap<String, String>)) -> std::path::PathBuf {
    let bytes = std::fs::read(path).unwrap();
    let st = safetensors::SafeTensors::deserialize(&bytes).unwrap();
    let (_, meta) = safetensors::SafeTensors::read_metadata(&bytes).unwrap();
    let mut meta = meta.metadata().clone().unwrap();
    edit(&mut meta);
    let out = path.with_extension("edited");
    safetensors::serialize_to_file(st.tensors(), &Some(meta), &out).unwrap();
    out
}

#[test]
fn damaged_foreign_and_newer_files_give_specific_errors() {
    let (fitted, _) = trained();
    let dir = temp_dir("model-errors");
    let path = dir.join("m.safetensors");
    save_model(&path, &fitted.model, &info(&fitted)).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let cut = dir.join("cut.safetensors");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let err = load_model(&cut).unwrap_err();
    assert!(
        matches!(err, ModelFileError::Truncated { .. }) && err.to_string().contains("truncated"),
        "{err}"
    );

    let csv = dir.join("data.csv");
    std::fs::write(&csv, "a,b\n1,2\n").unwrap();
    assert!(matches!(load_model(&csv), Err(ModelFileError::NotSafetensors { .. })));
    let missing = load_model(dir.join("nope.safetensors")).unwrap_err();
    assert!(matches!(missing, ModelFileError::Io { .. }) && missing.to_string().contains("nope.safetensors"));

    let foreign = rewrite(&path, |m| m.clear());
    let err = load_model(&foreign).unwrap_err();
    assert!(
        matches!(err, ModelFileError::Foreign { .. }) && err.to_string().contains("not a downhill model"),
        "{err}"
    );

    let newer = rewrite(&path, |m| {
        m.insert("format_version".into(), "99".into());
    });
    let err = load_model(&newer).unwrap_err();
    assert!(
        matches!(err, ModelFileError::NewerVersion { found: 99, supported: MODEL_FORMAT_VERSION, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("upgrade"), "{err}");

    let bad_arch = rewrite(&path, |m| {
        m.insert("architecture".into(), "{\"sizes\": 3}".into());
    });
    let err = load_model(&bad_arch).unwrap_err();
    assert!(matches!(err, ModelFileError::Corrupt { what: "architecture", .. }), "{err}");

    // A checkpoint is not a model, and the reverse.
    let ckpt = dir.join("run.ckpt");
    let (x, y, _, _) = prepared("iris.csv", 0.3, Task::Classification { classes: 3 }, 2);
    let mut p = SoftmaxRegression::default();
    p.train.stopping = StoppingRules::epochs(1);
    p.train.solver = Solver::FirstOrder; // its one epoch ends with a checkpoint (L-BFGS may converge in it)
    let hooks =
        Hooks { checkpoint: Some(CheckpointPolicy { every: 1, path: ckpt.clone() }), ..Hooks::default() };
    p.fit_with(&x, &y, hooks).unwrap();
    assert!(matches!(load_model(&ckpt), Err(ModelFileError::Foreign { .. })));
    let err = p.fit_with(&x, &y, Hooks { resume: Some(path.clone()), ..Hooks::default() }).unwrap_err();
    assert!(err.to_string().contains("checkpoint"), "{err}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn an_unwritable_path_is_an_error_and_leaves_nothing_behind() {
    let (fitted, _) = trained();
    let dir = temp_dir("model-unwritable");
    let err = save_model(dir.join("no/such/dir/m.safetensors"), &fitted.model, &fitted.info()).unwrap_err();
    assert!(matches!(err, ModelFileError::Io { .. }), "{err}");
    // The target is a directory: the rename fails and the temporary file is removed.
    std::fs::create_dir(dir.join("taken")).unwrap();
    std::fs::write(dir.join("taken/keep"), b"").unwrap();
    assert!(save_model(dir.join("taken"), &fitted.model, &fitted.info()).is_err());
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_regressor_on_standardised_targets_round_trips_its_scale() {
    let (x, y, xt, _) = prepared("diabetes.csv", 0.2, Task::Regression, 1);
    let fitted = LinearRegression::default().fit(&x, &y).unwrap();
    let scale = fitted.model.target_scale.expect("scaled by default");
    let dir = temp_dir("model-target-scale");
    let path = dir.join("diabetes.safetensors");
    save_model(&path, &fitted.model, &fitted.info()).unwrap();
    let (model, back) = load_model(&path).unwrap();
    // Exact on purpose: the stored f64 mean and std round-trip unchanged.
    assert_eq!(model.target_scale, Some(scale));
    let (got, want) = (model.predict(&xt).unwrap(), fitted.predict(&xt).unwrap());
    assert_eq!(bits(&got), bits(&want), "save -> load -> same predictions: {got:?} vs {want:?}");
    assert_eq!(back.training["params"]["target_scaling"], "standard");

    // A version-1 file (before target scaling) has no `target_scale`: it loads with none.
    let v1 = rewrite(&path, |m| {
        m.remove("target_scale");
        m.insert("format_version".into(), "1".into());
    });
    let (old, _) = load_model(&v1).unwrap();
    assert_eq!(old.target_scale, None);
    // ... and then gives the network's raw outputs, z = (ŷ − μ) / σ.
    let (raw, pred) = (old.predict(&xt).unwrap(), model.predict(&xt).unwrap());
    let expected = scale.scale(&pred);
    assert!(raw.data().iter().zip(expected.data()).all(|(a, b)| (a - b).abs() < 1e-4));
    std::fs::remove_dir_all(dir).unwrap();
}
