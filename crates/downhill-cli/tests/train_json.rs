//! `train --format json`: stdout is one JSON document (epochs, stop reason, findings structured and
//! in words, test metrics, seconds, files written); progress and warnings stay on stderr.
mod common;
use common::{arg, downhill, scratch, stderr, stdout};
use serde_json::Value;

fn shipped(name: &str) -> String {
    format!("{}/../../data/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// `train` with `args` and `--format json`: (exit code, the parsed stdout, stderr).
fn train_json(args: &[&str]) -> (Option<i32>, Value, String) {
    let run = downhill(&[&["train"][..], args, &["--format", "json"]].concat());
    let doc = serde_json::from_slice(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(&run)));
    (run.status.code(), doc, stderr(&run))
}

#[test]
fn a_healthy_run_is_one_document_with_its_epochs_test_metrics_and_files_and_no_finding() {
    let dir = scratch("train_json_healthy");
    let (out, metrics) = (arg(&dir.join("m.safetensors")), arg(&dir.join("epochs.csv")));
    let data = shipped("iris.csv");
    let (code, doc, err) = train_json(&[
        &data,
        "--target",
        "species",
        "--model",
        "mlp",
        "--epochs",
        "5",
        "--test-fraction",
        "0.2",
        "--out",
        &out,
        "--metrics",
        &metrics,
    ]);
    assert_eq!(code, Some(0), "{err}");
    let epochs = doc["epochs"].as_array().expect("epochs");
    assert_eq!(
        epochs.iter().map(|e| e["epoch"].as_u64()).collect::<Vec<_>>(),
        (1..=5).map(Some).collect::<Vec<_>>()
    );
    assert!(epochs.iter().all(|e| e["train_loss"].as_f64().is_some_and(f64::is_finite)));
    assert_eq!(doc["stop"], serde_json::json!({"reason": "max_epochs", "epochs": 5}));
    assert_eq!(doc["stop_message"], "reached the maximum of 5 epochs");
    assert_eq!(doc["findings"].as_array().map(Vec::len), Some(0), "{}", doc["findings"]);
    assert_eq!(doc["test"]["rows"].as_u64(), Some(30));
    let accuracy = doc["test"]["metrics"]["accuracy"].as_f64().expect("test accuracy");
    assert!((0.0..=1.0).contains(&accuracy));
    assert!(doc["seconds"].as_f64().is_some_and(|s| s >= 0.0));
    assert_eq!(doc["written"], serde_json::json!([out, metrics]));
    assert!(doc.get("restarts").is_none());
    // Progress lines went to stderr, not into the document.
    assert!(err.contains("epoch 5/5"), "{err}");
}

#[test]
fn a_finding_is_listed_with_its_kind_fields_and_words_and_still_warned_on_stderr() {
    // 64 features and 539 training rows (a 70 % test split): fewer than 10 rows per feature.
    let dir = scratch("train_json_finding");
    let out = arg(&dir.join("m.safetensors"));
    let data = shipped("digits.csv");
    let args = [&data, "--target", "digit", "--model", "mlp", "--epochs", "2", "--test-fraction", "0.7"];
    let (code, doc, err) = train_json(&[&args[..], &["--out", &out, "--quiet"]].concat());
    assert_eq!(code, Some(0), "{err}");
    let findings = doc["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 1, "{findings:?}");
    let f = &findings[0];
    assert_eq!(f["kind"], "too_many_features");
    assert_eq!((f["features"].as_u64(), f["rows"].as_u64()), (Some(64), Some(539)));
    let message = f["message"].as_str().expect("message");
    assert!(message.starts_with("64 features for 539 training rows"), "{message}");
    assert!(err.contains(&format!("warning: {message}")), "{err}");
    assert_eq!(doc["test"]["rows"].as_u64(), Some(1258));
}

#[test]
fn a_diverged_run_prints_its_document_and_exits_3() {
    let dir = scratch("train_json_diverged");
    let out = arg(&dir.join("m.safetensors"));
    let data = shipped("digits.csv");
    let (code, doc, _) = train_json(&[
        &data,
        "--target",
        "digit",
        "--model",
        "mlp",
        "--optimizer",
        "sgd",
        "--lr",
        "1e4",
        "--epochs",
        "3",
        "--out",
        &out,
        "--quiet",
    ]);
    assert_eq!(code, Some(3));
    assert_eq!(doc["stop"]["reason"], "non_finite_loss");
    assert_eq!(doc["written"], serde_json::json!([arg(&dir.join("m.diverged.safetensors"))]));
}

#[test]
fn json_is_refused_where_train_prints_another_summary() {
    let dir = scratch("train_json_refused");
    let out = arg(&dir.join("m.safetensors"));
    for (data, extra) in [(shipped("tinyshakespeare.txt"), vec![]), (shipped("iris.csv"), vec!["--stream"])] {
        let run = downhill(&[&["train", &data, "--format", "json", "--out", &out][..], &extra].concat());
        assert_eq!(run.status.code(), Some(2));
        assert!(stderr(&run).contains("--format json is not available yet with"), "{}", stderr(&run));
    }
    let run = downhill(&["train", &shipped("iris.csv"), "--format", "csv"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("--format"), "{}", stderr(&run));
}
