//! `export --format onnx` end to end: train on a file with a categorical column, export, run the
//! ONNX file with tract on the raw columns (categories as indices, `downhill_onnx::raw_features`)
//! and compare with `downhill predict --proba` (1e-5 relative to max(1, |value|); labels exactly).
#![allow(clippy::unwrap_used)] // helpers outside #[test] functions
mod common;
use common::{arg, data, downhill, ok, scratch, stderr};
use downhill_data::{load, LoadOptions, Preprocessor};
use tract_onnx::prelude::{DatumType, Framework, InferenceFact, InferenceModelExt, IntoTValue};

/// Trains `train_args` on `file` and exports it; (model file, ONNX file, export's stdout).
fn trained_and_exported(test: &str, file: &str, train_args: &[&str]) -> (String, String, String) {
    let dir = scratch(test);
    let (model, onnx) = (arg(&dir.join("m.safetensors")), arg(&dir.join("m.onnx")));
    let mut args = vec!["train", file, "--epochs", "20", "--batch-size", "full", "--quiet", "--out", &model];
    args.extend_from_slice(train_args);
    ok(&args);
    let printed = ok(&["export", &model, "--format", "onnx", "--out", &onnx]);
    (model, onnx, printed)
}

/// The exported file's outputs on `data` read as `predict` reads it.
fn onnx_outputs(model: &str, onnx: &str, data: &str) -> Vec<Vec<f32>> {
    let (_, info) = downhill_learn::load_model(model).unwrap();
    let prep = Preprocessor::from_json(&info.extra["preprocessing"]).unwrap();
    let options = LoadOptions { categorical: prep.categorical_columns(), ..Default::default() };
    let features = downhill_onnx::raw_features(&prep, &load(data, &options).unwrap()).unwrap();
    let mut graph = tract_onnx::onnx().model_for_path(onnx).unwrap();
    graph = graph.with_input_fact(0, InferenceFact::dt_shape(DatumType::F32, features.dims())).unwrap();
    let plan = graph.into_optimized().unwrap().into_runnable().unwrap();
    let input = tract_onnx::prelude::Tensor::from_shape(features.dims(), features.data()).unwrap();
    let outputs = plan.run(std::iter::once(input.into_tvalue()).collect()).unwrap();
    outputs.iter().map(|t| t.cast_to::<f32>().unwrap().as_slice::<f32>().unwrap().to_vec()).collect()
}

/// `predict`'s CSV rows as their fields after the row number.
fn predicted(csv: &str) -> Vec<Vec<String>> {
    csv.lines().skip(1).map(|l| l.split(',').skip(1).map(String::from).collect()).collect()
}

#[test]
fn a_classifier_with_a_categorical_column_matches_predict() {
    let layers = ["--target", "label", "--layers", "linear(8), batch_norm1d, tanh, linear"];
    let (model, onnx, printed) = trained_and_exported("export_classifier", &data("tiny.csv"), &layers);
    assert!(
        printed.contains("input features [N, 3]") && printed.contains("color (category index: 0=blue"),
        "{printed}"
    );
    assert!(
        printed.contains("output label [N]") && printed.contains("output probabilities [N, 2]"),
        "{printed}"
    );
    let (_, info) = downhill_learn::load_model(&model).unwrap();
    // tiny.csv (training rows) and a file with an unseen colour (encoded as all zeros in both).
    for file in [data("tiny.csv"), data("unseen_category.csv")] {
        let rows = predicted(&ok(&["predict", &model, &file, "--proba"]));
        let out = onnx_outputs(&model, &onnx, &file);
        for (i, row) in rows.iter().enumerate() {
            assert_eq!(info.class_names[out[0][i] as usize], row[0], "{file}: row {} label", i + 1);
            let want: Vec<f64> = row[1..].iter().map(|v| v.parse().unwrap()).collect();
            let got: Vec<f64> = out[1][2 * i..2 * i + 2].iter().map(|&v| v.into()).collect();
            downhill_testing::assert_close(
                &format!("{file}: row {} probabilities", i + 1),
                &got,
                &want,
                1e-5,
            );
        }
    }
}

#[test]
fn a_regressor_predicts_in_the_targets_units() {
    let (model, onnx, printed) =
        trained_and_exported("export_regressor", &data("tiny_reg.csv"), &["--target", "y"]);
    assert!(printed.contains("output prediction [N, 1]"), "{printed}");
    let rows = predicted(&ok(&["predict", &model, &data("tiny_reg.csv")]));
    let out = onnx_outputs(&model, &onnx, &data("tiny_reg.csv"));
    let want: Vec<f64> = rows.iter().map(|r| r[0].parse().unwrap()).collect();
    let got: Vec<f64> = out[0].iter().map(|&v| v.into()).collect();
    downhill_testing::assert_close("predictions", &got, &want, 1e-5);
}

#[test]
fn bad_inputs_are_one_line_errors_naming_the_file() {
    let dir = scratch("export_bad");
    let out = arg(&dir.join("m.onnx"));
    let e = downhill(&["export", &data("corrupt.safetensors"), "--out", &out]);
    assert_eq!(e.status.code(), Some(2));
    assert!(stderr(&e).contains("corrupt.safetensors") && stderr(&e).lines().count() == 1, "{}", stderr(&e));
    let e = downhill(&["export", &data("tiny.csv"), "--out", &arg(&dir.join("no/such/m.onnx"))]);
    assert!(
        stderr(&e).starts_with("error: --out ") && stderr(&e).contains("cannot write there"),
        "{}",
        stderr(&e)
    );
    assert!(!dir.join("m.onnx").exists(), "nothing is written on failure");
}
