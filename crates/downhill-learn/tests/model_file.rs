//! Model files: round trip, metadata, readability by a plain safetensors reader, and clear errors
//! for truncated, foreign, newer and damaged files (a changed header byte, a non-finite weight).
#![allow(clippy::unwrap_used)]
mod common;
use common::{prepared, temp_dir};
use downhill_learn::*;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

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
    assert!(
        matches!(missing, ModelFileError::NotFound { .. })
            && missing.to_string().contains("nope.safetensors")
    );

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
    // Not JSON at all: the message names the entry and the remedy, not serde's position alone.
    let not_json = rewrite(&path, |m| {
        m.insert("architecture".into(), "garbage".into());
    });
    let msg = load_model(&not_json).unwrap_err().to_string();
    assert!(msg.contains("`architecture` entry") && msg.contains("train again"), "{msg}");
    let absent = rewrite(&path, |m| {
        m.remove("task");
    });
    let msg = load_model(&absent).unwrap_err().to_string();
    assert!(msg.contains("the metadata has no `task` entry"), "{msg}");

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

/// The header length, the header as JSON and the data section of the safetensors file `bytes`.
fn split_file(bytes: &[u8]) -> (usize, Map<String, Value>, &[u8]) {
    let n = u64::from_le_bytes(bytes[..8].try_into().unwrap()) as usize;
    (n, serde_json::from_slice(&bytes[8..8 + n]).unwrap(), &bytes[8 + n..])
}

/// A copy of `path` (as `name`) whose header JSON is `edit`ed, the data left byte for byte.
fn edit_header(path: &Path, name: &str, edit: impl FnOnce(&mut Map<String, Value>)) -> PathBuf {
    let bytes = std::fs::read(path).unwrap();
    let (_, mut header, data) = split_file(&bytes);
    edit(&mut header);
    let mut text = serde_json::to_vec(&header).unwrap();
    text.resize(text.len().next_multiple_of(8), b' ');
    let out = path.with_file_name(name);
    std::fs::write(&out, [&(text.len() as u64).to_le_bytes()[..], &text, data].concat()).unwrap();
    out
}

/// A copy of `path` (as `name`) whose raw bytes are `edit`ed.
fn edit_bytes(path: &Path, name: &str, edit: impl FnOnce(&mut Vec<u8>)) -> PathBuf {
    let mut bytes = std::fs::read(path).unwrap();
    edit(&mut bytes);
    let out = path.with_file_name(name);
    std::fs::write(&out, bytes).unwrap();
    out
}

/// A copy of `path` with element `index` of tensor `tensor` overwritten by `value` in place, as a
/// bit flip or a bad write would leave it.
fn patch_value(path: &Path, tensor: &str, index: usize, value: f32) -> PathBuf {
    edit_bytes(path, &format!("{tensor}-{index}.safetensors"), |bytes| {
        let (n, header, _) = split_file(bytes);
        let start = header[tensor]["data_offsets"][0].as_u64().unwrap() as usize;
        let at = 8 + n + start + 4 * index;
        bytes[at..at + 4].copy_from_slice(&value.to_le_bytes());
    })
}

#[test]
fn a_non_finite_weight_or_buffer_is_refused_by_every_reader() {
    let (fitted, _) = trained();
    let dir = temp_dir("model-non-finite");
    let path = dir.join("m.safetensors");
    save_model(&path, &fitted.model, &info(&fitted)).unwrap();
    let cases = [
        ("layers.0.weight", 3, f32::NAN, "NaN"),
        ("layers.1.running_var", 0, f32::INFINITY, "inf"), // a batch-norm buffer, not a parameter
        ("layers.3.bias", 2, f32::NEG_INFINITY, "-inf"),
    ];
    for (tensor, index, value, shown) in cases {
        let bad = patch_value(&path, tensor, index, value);
        let expected = format!(
            "{tensor}-{index}.safetensors: tensor `{tensor}` holds a non-finite value ({shown} at index {index}): \
             the file is damaged; retrain or restore it"
        );
        let err = load_model(&bad).unwrap_err();
        assert!(matches!(&err, ModelFileError::NonFinite { index: i, .. } if *i == index), "{err}");
        assert!(err.to_string().ends_with(&expected), "{err}");
        // `--init-from` reads the same way.
        let err = read_weights(&bad).unwrap_err();
        assert!(err.to_string().ends_with(&expected), "{err}");
    }

    // A PyTorch state_dict: torch's names, an I64 `num_batches_tracked` (skipped, so its dtype is
    // no error) and a NaN in a running mean.
    let f32_bytes = |v: &[f32]| v.iter().flat_map(|x| x.to_le_bytes()).collect::<Vec<u8>>();
    let (weight, mean, count) = (f32_bytes(&[0.5; 8]), f32_bytes(&[0.0, f32::NAN]), 7i64.to_le_bytes());
    let view = |dtype, shape: &[usize], data: &'static [u8]| {
        safetensors::tensor::TensorView::new(dtype, shape.to_vec(), data).unwrap()
    };
    let (weight, mean) = (weight.leak() as &[u8], mean.leak() as &[u8]);
    let torch = dir.join("torch.safetensors");
    let tensors = [
        ("0.weight", view(safetensors::Dtype::F32, &[2, 4], weight)),
        ("1.running_mean", view(safetensors::Dtype::F32, &[2], mean)),
        ("1.num_batches_tracked", view(safetensors::Dtype::I64, &[], Vec::from(count).leak())),
    ];
    safetensors::serialize_to_file(tensors, &None, &torch).unwrap();
    let err = read_weights(&torch).unwrap_err().to_string();
    assert!(err.contains("tensor `1.running_mean` holds a non-finite value (NaN at index 1)"), "{err}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_damaged_header_is_described_in_words() {
    let (fitted, _) = trained();
    let dir = temp_dir("model-damaged-header");
    let path = dir.join("m.safetensors");
    save_model(&path, &fitted.model, &info(&fitted)).unwrap();
    let set = |key: &'static str, value: Value| {
        move |h: &mut Map<String, Value>| h.get_mut("layers.0.weight").unwrap()[key] = value
    };
    let cases: Vec<(PathBuf, &str)> = vec![
        (
            edit_header(&path, "f64.st", set("dtype", "F64".into())),
            "tensor `layers.0.weight` is F64, but downhill stores F32",
        ),
        (
            edit_header(&path, "shape.st", set("shape", serde_json::json!([8, 5]))),
            "tensor `layers.0.weight`: its shape [8, 5] needs 160 bytes of F32 but its data_offsets span 128",
        ),
        (
            edit_header(&path, "out.st", |h| {
                let offsets = &mut h.get_mut("layers.0.weight").unwrap()["data_offsets"];
                offsets[1] = (offsets[0].as_u64().unwrap() + 1_600_000).into();
            }),
            "tensor `layers.0.weight`: its data (bytes ",
        ),
        (
            edit_header(&path, "reversed.st", |h| {
                let offsets = h.get_mut("layers.0.weight").unwrap()["data_offsets"].as_array_mut().unwrap();
                offsets.swap(0, 1);
            }),
            "end before they start",
        ),
        (
            edit_header(&path, "removed.st", |h| {
                let first = h.iter().find(|(_, t)| t["data_offsets"][0] == 0).map(|(k, _)| k.clone());
                h.remove(&first.unwrap());
            }),
            "but the tensor before it ends at byte 0 (an entry was removed or its offsets were changed)",
        ),
        (
            edit_header(&path, "version.st", |h| h["__metadata__"]["format_version"] = "-1".into()),
            "format_version \"-1\" is not a whole number",
        ),
        (
            edit_bytes(&path, "utf8.st", |b| b[20] = 0xa0),
            "the header is not valid JSON (byte 20 of the file is not UTF-8 text)",
        ),
        (
            edit_bytes(&path, "json.st", |b| {
                let colon = b.iter().position(|&c| c == b':').unwrap();
                b[colon] = b';';
            }),
            "the header is not valid JSON (expected `:`",
        ),
        (
            // Pad the header with 8 spaces but claim 7 of them: the last one is read as data.
            edit_bytes(&path, "length.st", |b| {
                let n = u64::from_le_bytes(b[..8].try_into().unwrap());
                b.splice(8 + n as usize..8 + n as usize, *b"        ");
                b[..8].copy_from_slice(&(n + 7).to_le_bytes());
            }),
            "its tensors end 1 byte before the file does",
        ),
    ];
    for (file, expected) in cases {
        let err = load_model(&file).unwrap_err();
        let name = file.file_name().unwrap().to_str().unwrap();
        let text = err.to_string();
        assert!(text.contains(&format!("{name}: ")) && text.contains(expected), "{name}: {text}");
        assert!(text.ends_with("restore it") || text.ends_with("if downhill wrote it"), "{name}: {text}");
        // None of the reader's own names (`TensorInvalidInfo`, `InvalidOffset("...")`, `Some(..)`).
        assert!(!text.contains("Invalid") && !text.contains("Some("), "{name}: {text}");
    }
    std::fs::remove_dir_all(dir).unwrap();
}
