//! `predict`, `evaluate` and `inspect` end to end on a model trained from a tiny file.
mod common;
use common::{arg, data, ok, scratch};

fn trained(test: &str, file: &str, target: &str) -> (std::path::PathBuf, String) {
    let dir = scratch(test);
    let model = arg(&dir.join("m.safetensors"));
    ok(&[
        "train",
        &data(file),
        "--target",
        target,
        "--epochs",
        "30",
        "--batch-size",
        "full",
        "--lr",
        "0.1",
        "--quiet",
        "--out",
        &model,
    ]);
    (dir, model)
}

#[test]
fn predict_prints_class_names_and_probabilities() {
    let (dir, model) = trained("predict", "tiny.csv", "label");
    let csv = ok(&["predict", &model, &data("tiny.csv"), "--proba"]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "row,prediction,p_no,p_yes");
    assert_eq!(lines.len(), 41);
    let first: Vec<&str> = lines[1].split(',').collect();
    assert_eq!(first[0], "1");
    assert!(["yes", "no"].contains(&first[1]));
    let p: f64 = first[2].parse::<f64>().unwrap() + first[3].parse::<f64>().unwrap();
    assert!((p - 1.0).abs() < 1e-5, "probabilities sum to 1: {p}");
    let truth: Vec<String> = std::fs::read_to_string(data("tiny.csv"))
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| l.rsplit(',').next().unwrap().to_string())
        .collect();
    let right =
        lines[1..].iter().zip(&truth).filter(|(l, t)| l.split(',').nth(1) == Some(t.as_str())).count();
    assert!(right >= 36, "{right}/40 right on training data");
    let out = dir.join("pred.csv");
    assert_eq!(ok(&["predict", &model, &data("tiny.csv"), "--out", &arg(&out)]), "");
    assert!(std::fs::read_to_string(&out).unwrap().starts_with("row,prediction\n"));
}

#[test]
fn predict_gives_values_for_regression() {
    let (_dir, model) = trained("predict_reg", "tiny_reg.csv", "y");
    let csv = ok(&["predict", &model, &data("tiny_reg.csv")]);
    let second = csv.lines().nth(1).unwrap();
    let value: f64 = second.split(',').nth(1).unwrap().parse().unwrap();
    assert!(value.is_finite());
}

#[test]
fn evaluate_prints_metrics_as_text_and_json() {
    let (_dir, model) = trained("evaluate", "tiny3.csv", "kind");
    let json: serde_json::Value =
        serde_json::from_str(&ok(&["evaluate", &model, &data("tiny3.csv"), "--format", "json"])).unwrap();
    for key in ["accuracy", "f1_macro", "log_loss", "precision_macro", "recall_macro", "confusion_matrix"] {
        assert!(json.get(key).is_some(), "{key} in {json}");
    }
    assert!(json["accuracy"].as_f64().unwrap() > 0.9 && json["rows"] == 45, "{json}");
    let text = ok(&["evaluate", &model, &data("tiny3.csv")]);
    assert!(
        text.contains("accuracy") && text.contains("confusion matrix") && text.contains("  a  "),
        "{text}"
    );
    let (_dir, model) = trained("evaluate_reg", "tiny_reg.csv", "y");
    let json: serde_json::Value =
        serde_json::from_str(&ok(&["evaluate", &model, &data("tiny_reg.csv"), "--format", "json"])).unwrap();
    assert!(
        ["mse", "rmse", "mae", "r2"].iter().all(|k| json[k].is_number()) && json.get("accuracy").is_none(),
        "{json}"
    );
    assert!(json["r2"].as_f64().unwrap() > 0.95, "{json}");
}

#[test]
fn inspect_shows_architecture_preprocessing_names_settings_and_metrics() {
    let (_dir, model) = trained("inspect", "tiny.csv", "label");
    let text = ok(&["inspect", &model]);
    for part in [
        "format version 2",
        "logistic_regression (classification, 2 classes)",
        "Linear(5 -> 1)",
        "classes: no, yes",
        "features       5: x1, x2, color=blue, color=green, color=red",
        "scale standard, missing values error",
        "color: one-hot over blue, green, red",
        "\"lr\":0.1",
        "stop_reason",
    ] {
        assert!(text.contains(part), "`{part}` missing from\n{text}");
    }
}

#[test]
fn a_missing_model_file_is_named_with_the_fix_for_every_command_that_reads_one() {
    // As a missing data file is: one line naming the file, not the OS's "(os error 2)".
    let dir = scratch("missing_model");
    let missing = arg(&dir.join("nothere.safetensors"));
    let iris = data("iris.csv");
    for args in [
        vec!["predict", missing.as_str(), iris.as_str()],
        vec!["evaluate", missing.as_str(), iris.as_str()],
        vec!["inspect", missing.as_str()],
        vec!["anomaly", missing.as_str(), iris.as_str()],
    ] {
        let out = common::downhill(&args);
        let err = common::stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.trim(), format!("error: {missing}: no such file; check the path"), "{args:?}");
    }
}
