//! `downhill train --stream` end to end: the same accuracy as in-memory training on shipped files
//! (same test rows, same optimizer and epochs; tolerance 0.005, the brief of issue 13), a model file
//! that `evaluate` and `predict` read, gzipped input, a bad row mid-file that keeps the model
//! trained until then, and one-line refusals of flags that need rows in memory.
#![allow(clippy::unwrap_used)] // helpers outside #[test] functions unwrap too
mod common;
use common::{arg, downhill, ok, scratch, stderr, stdout};

fn shipped(name: &str) -> String {
    format!("{}/../../data/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// The test metric `train` prints (`test (N rows): accuracy A ...` or `... r2 R ...`).
fn test_metric(summary: &str, name: &str) -> f64 {
    let line = summary
        .lines()
        .find(|l| l.starts_with("test ("))
        .unwrap_or_else(|| panic!("no test line in {summary}"));
    let after = line.split(&format!("{name} ")).nth(1).unwrap_or_else(|| panic!("no {name} in {line}"));
    after.split_whitespace().next().unwrap().parse().unwrap()
}

/// The test metric of the same run in memory and streamed.
fn both(file: &str, flags: &[&str], metric: &str) -> (f64, f64) {
    let dir = scratch(&format!("stream-{file}"));
    let run = |extra: &[&str]| {
        let out = arg(&dir.join("m.safetensors"));
        let mut args = vec!["train", file];
        args.extend_from_slice(flags);
        args.extend_from_slice(extra);
        args.extend_from_slice(&["--out", &out]);
        test_metric(&ok(&args), metric)
    };
    let (memory, streamed) = (run(&[]), run(&["--stream"]));
    std::fs::remove_dir_all(&dir).unwrap();
    (memory, streamed)
}

#[test]
fn streamed_runs_reach_the_in_memory_accuracy() {
    let cancer = shipped("breast_cancer.csv");
    let logistic =
        ["--target", "diagnosis", "--test-rows", "400..569", "--optimizer", "adam", "--lr", "0.01"];
    let (memory, streamed) =
        both(&cancer, &[&logistic[..], &["--epochs", "100", "--tol", "none"]].concat(), "accuracy");
    assert!((memory - streamed).abs() <= 0.005, "logistic: memory {memory}, streamed {streamed}");
    let digits = shipped("digits.csv");
    let mlp = ["--target", "digit", "--test-rows", "1400..1797", "--model", "mlp", "--hidden", "64"];
    let (memory, streamed) =
        both(&digits, &[&mlp[..], &["--epochs", "40", "--tol", "none"]].concat(), "accuracy");
    assert!((memory - streamed).abs() <= 0.005, "mlp: memory {memory}, streamed {streamed}");
    let diabetes = shipped("diabetes.csv");
    let linear = ["--target", "progression", "--test-rows", "354..442", "--batch-size", "32", "--lr", "0.01"];
    let (memory, streamed) = both(&diabetes, &[&linear[..], &["--epochs", "200"]].concat(), "r2");
    // R² of a noisier fit (SGD around the least-squares optimum): 0.01.
    assert!((memory - streamed).abs() <= 0.01, "linear: memory {memory}, streamed {streamed}");
}

#[test]
fn a_gzipped_stream_writes_a_model_the_other_commands_read() {
    use std::io::Write;
    let dir = scratch("stream-gzip");
    let gz = dir.join("iris.csv.gz");
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(&std::fs::read(shipped("iris.csv")).unwrap()).unwrap();
    std::fs::write(&gz, enc.finish().unwrap()).unwrap();
    let model = dir.join("m.safetensors");
    let summary = ok(&[
        "train",
        &arg(&gz),
        "--target",
        "species",
        "--stream",
        "--epochs",
        "20",
        "--tol",
        "none",
        "--shuffle-buffer",
        "50",
        "--test-fraction",
        "0.2",
        "--validation-fraction",
        "0.2",
        "--out",
        &arg(&model),
    ]);
    for part in ["test (", "val_accuracy", "streamed: 150 rows, 22 passes"] {
        assert!(summary.contains(part), "missing `{part}` in:\n{summary}");
    }
    let report = ok(&["evaluate", &arg(&model), &shipped("iris.csv")]);
    assert!(report.contains("accuracy"), "{report}");
    let predictions = ok(&["predict", &arg(&model), &shipped("iris.csv")]);
    assert_eq!(predictions.lines().count(), 151, "a header and one line per row");
    let inspect = ok(&["inspect", &arg(&model)]);
    assert!(inspect.contains("softmax_regression") && inspect.contains("species"), "{inspect}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_bad_row_mid_file_names_its_line_and_keeps_the_model() {
    let dir = scratch("stream-bad-row");
    let mut text = String::from("a,b,y\n");
    for i in 0..2000 {
        text.push_str(&format!("{},{},{}\n", i % 17, (i * 7) % 11, i % 2));
    }
    text.push_str("3,oops,1\n");
    for i in 0..100 {
        text.push_str(&format!("{},{},{}\n", i % 5, i % 3, i % 2));
    }
    let (data, model) = (dir.join("big.csv"), dir.join("m.safetensors"));
    std::fs::write(&data, text).unwrap();
    let out = downhill(&[
        "train",
        &arg(&data),
        "--target",
        "y",
        "--stream",
        "--fit-rows",
        "1000",
        "--batch-size",
        "100",
        "--shuffle-buffer",
        "100",
        "--out",
        &arg(&model),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    let last = err.lines().last().unwrap_or_default();
    for part in [
        "big.csv, data row 2001 (file line 2002), column 'b': 'oops' is not a number",
        // The 2,000 rows before it, less the 100 still in the shuffle buffer, made 19 batches.
        "the model trained until then (epoch 1, 19 batches) was written to",
    ] {
        assert!(last.contains(part), "missing `{part}` in: {last}");
    }
    let inspect = ok(&["inspect", &arg(&model)]);
    assert!(inspect.contains("logistic_regression") && inspect.contains("bad input"), "{inspect}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn flags_that_need_rows_in_memory_are_refused_in_one_line() {
    let cancer = shipped("breast_cancer.csv");
    for (flags, expected) in [
        (&["--swa-start", "1"][..], "--swa-start does not apply with --stream"),
        (&["--optimizer", "lbfgs"][..], "--optimizer lbfgs does not apply with --stream"),
        (&["--batch-size", "full"][..], "--batch-size full does not apply with --stream"),
        (&["--model", "autoencoder"][..], "only models with a target column stream yet"),
        (&["--fit-rows", "0"][..], "invalid fit_rows '0'"),
    ] {
        let mut args = vec!["train", &cancer, "--target", "diagnosis", "--stream"];
        args.extend_from_slice(flags);
        let out = downhill(&args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{flags:?}: {err}");
        assert!(err.lines().count() == 1 && err.contains(expected), "{flags:?}: {err}");
    }
    let out = downhill(&["train", &cancer, "--target", "diagnosis", "--shuffle-buffer", "5"]);
    assert!(!out.status.success() && stderr(&out).contains("--stream"), "{}", stderr(&out));
    let mnist = shipped("mnist-10k-images-idx3-ubyte.gz");
    let out = downhill(&["train", &mnist, "--stream"]);
    assert!(stderr(&out).contains("--stream reads CSV and LIBSVM files"), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
}

#[test]
fn a_per_batch_schedule_counts_the_steps_of_a_pass() {
    // 400 training rows in batches of 32: 13 steps a pass, 39 in 3 epochs. Cosine from Adam's 0.01
    // over those 39 steps is at 0.01 · (1 + cos(π · 13/39)) / 2 = 0.0075 when epoch 2 starts and
    // 0.01 · (1 + cos(π · 26/39)) / 2 = 0.0025 when epoch 3 does (1e-12: f64 cosines).
    let dir = scratch("stream-schedule");
    let (model, metrics) = (dir.join("m.safetensors"), dir.join("epochs.csv"));
    ok(&[
        "train",
        &shipped("breast_cancer.csv"),
        "--target",
        "diagnosis",
        "--stream",
        "--epochs",
        "3",
        "--test-rows",
        "400..569",
        "--schedule",
        "cosine",
        "--schedule-per",
        "batch",
        "--metrics",
        &arg(&metrics),
        "--out",
        &arg(&model),
    ]);
    let csv = std::fs::read_to_string(&metrics).unwrap();
    let lrs: Vec<f64> = csv.lines().skip(1).map(|l| l.split(',').nth(2).unwrap().parse().unwrap()).collect();
    let expected = [0.01, 0.0075, 0.0025];
    assert!(lrs.len() == 3 && lrs.iter().zip(expected).all(|(a, b)| (a - b).abs() < 1e-12), "{lrs:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}
