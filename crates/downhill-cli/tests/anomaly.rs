//! `downhill anomaly` end to end on iris: gradient-norm scores of a softmax MLP, evaluated against
//! a label column (AUROC and average precision in [0, 1], the ROC picture), contamination flags,
//! the per-row CSV, and each bad option as a one-line error.
#![allow(clippy::unwrap_used)]
mod common;
use common::{downhill, scratch};
use serde_json::Value;

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn iris() -> String {
    format!("{}/../../data/iris.csv", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn scores_evaluate_flag_and_write_rows() {
    let dir = scratch("anomaly_iris");
    let model = dir.join("iris.json");
    let (m, data) = (model.to_str().unwrap().to_string(), iris());
    let out = downhill(&[
        "train", &data, "--target", "species", "--model", "mlp", "--epochs", "50", "--out", &m, "-q",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let (rows, roc) = (dir.join("scores.csv"), dir.join("roc.svg"));
    let (r, p) = (rows.to_str().unwrap(), roc.to_str().unwrap());
    let args = [
        "anomaly",
        &m,
        &data,
        "--label",
        "species",
        "--normal",
        "setosa",
        "--contamination",
        "0.1",
        "--out",
        r,
        "--plot",
        p,
        "--format",
        "json",
    ];
    let out = downhill(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (doc["score"].as_str(), doc["rows"].as_u64(), doc["anomalies"].as_u64(), doc["flagged"].as_u64()),
        (Some("gradient-norm"), Some(150), Some(100), Some(15))
    );
    assert_eq!(doc["higher_is_anomalous"], false, "GradNorm: familiar rows have the larger gradient");
    for key in ["auroc", "average_precision"] {
        assert!((0.0..=1.0).contains(&doc[key].as_f64().unwrap()), "{doc}");
    }
    let csv = std::fs::read_to_string(&rows).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!((lines.len(), lines[0]), (151, "row,score,flagged,anomaly"));
    assert_eq!(lines[1..].iter().filter(|l| l.split(',').nth(2) == Some("1")).count(), 15);
    // The flagged rows are the 15 lowest gradient norms.
    let mut scored: Vec<(f64, bool)> = lines[1..]
        .iter()
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[1].parse().unwrap(), f[2] == "1")
        })
        .collect();
    scored.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert!(scored[..15].iter().all(|s| s.1) && scored[15..].iter().all(|s| !s.1));
    assert!(std::fs::read_to_string(&roc).unwrap().contains("false positive rate"));
    for (extra, wanted) in [
        (vec!["--contamination", "1.5"], vec!["--contamination", "(0, 1)"]),
        (vec!["--score", "isolation"], vec!["--score", "gradient-norm"]),
        (vec!["--score", "reconstruction"], vec!["--score", "autoencoder"]),
        (vec!["--label", "colour", "--normal", "red"], vec!["--label", "colour"]),
        (vec!["--label", "species", "--normal", "tulip"], vec!["--label species", "both"]),
    ] {
        let mut all = vec!["anomaly", m.as_str(), data.as_str()];
        all.extend(extra);
        let out = downhill(&all);
        let e = stderr(&out);
        assert!(!out.status.success() && e.trim_end().lines().count() == 1, "{all:?}: {e}");
        assert!(wanted.iter().all(|w| e.contains(w)), "{all:?}: {e}");
    }
}

/// `train --model autoencoder`: no target (the label column --target names is left out), a layer
/// stack whose sizeless `linear` maps back to the input width; `predict` gives the reconstruction
/// column by column, `inspect` says there is no target, and `anomaly --score reconstruction` tells
/// the other species from the one it was trained on.
#[test]
fn an_autoencoder_trains_without_a_target_and_scores_reconstruction() {
    let dir = scratch("anomaly_autoencoder");
    let setosa = dir.join("setosa.csv");
    let text = std::fs::read_to_string(iris()).unwrap();
    let kept: Vec<&str> =
        text.lines().filter(|l| !l.contains("versicolor") && !l.contains("virginica")).collect();
    std::fs::write(&setosa, kept.join("\n") + "\n").unwrap();
    let model = dir.join("ae.json");
    let (m, data, normal) = (model.to_str().unwrap(), iris(), setosa.to_str().unwrap());
    let layers = "linear(2), tanh, linear";
    let train = [
        "train",
        normal,
        "--model",
        "autoencoder",
        "--target",
        "species",
        "--layers",
        layers,
        "--lr",
        "0.01",
        "--epochs",
        "300",
        "--tol",
        "none",
        "--batch-size",
        "10",
        "--out",
        m,
        "-q",
    ];
    let out = downhill(&train);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = downhill(&["inspect", m]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("autoencoder") && text.contains("target         none"), "{text}");
    let out = downhill(&["predict", m, &data]);
    let csv = String::from_utf8_lossy(&out.stdout);
    let header = csv.lines().next().unwrap();
    assert_eq!(header, "row,sepal_length_cm,sepal_width_cm,petal_length_cm,petal_width_cm", "{header}");
    assert_eq!(csv.lines().count(), 151);
    let args = ["anomaly", m, &data, "--score", "reconstruction", "--label", "species", "--normal", "setosa"];
    let out = downhill(&[&args[..], &["--format", "json"]].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((doc["higher_is_anomalous"].as_bool(), doc["anomalies"].as_u64()), (Some(true), Some(100)));
    // Versicolor and virginica sit far from the setosa rows the code was fitted to (scaled by
    // setosa's own spread): the reconstruction error separates them almost perfectly.
    assert!(doc["auroc"].as_f64().unwrap() > 0.95, "{doc}");
    for (extra, wanted) in [
        (vec!["--task", "regression"], vec!["--task", "no target"]),
        (vec!["--loss", "huber"], vec!["--loss", "--model linear"]),
        (vec![], vec!["--target", "colour"]),
    ] {
        let args: Vec<&str> =
            train.iter().map(|&a| if a == "species" && extra.is_empty() { "colour" } else { a }).collect();
        let out = downhill(&[&args[..], &extra[..]].concat());
        let e = stderr(&out);
        assert!(!out.status.success() && e.trim_end().lines().count() == 1, "{extra:?}: {e}");
        assert!(wanted.iter().all(|w| e.contains(w)), "{extra:?}: {e}");
    }
}
