//! A pipeline fitted and saved from Rust (`downhill_learn::Pipeline`) is a model file the CLI
//! reads: `predict` on the raw data file gives the species the Rust API gives for the same rows.
mod common;
use common::{arg, ok, scratch};
use downhill_data::datasets;
use downhill_learn::{MlpClassifier, Pipeline};

#[test]
fn predict_reads_a_pipeline_saved_from_rust_and_agrees_with_it() {
    let iris = datasets::iris();
    let clf = MlpClassifier::new().hidden([8]).lr(0.01).epochs(50);
    let fitted = Pipeline::new(clf).names_from(&iris).fit(&iris.x, &iris.y).unwrap();
    let model = scratch("rust_pipeline").join("iris.safetensors");
    fitted.save(&model).unwrap();
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/iris.csv");
    let csv = ok(&["predict", &arg(&model), data]);
    let from_cli: Vec<&str> = csv.lines().skip(1).map(|l| l.split(',').nth(1).unwrap()).collect();
    let from_rust = fitted.predict_labels(&iris.x).unwrap();
    // Exact: the CLI parses the same CSV text to the same f32 values, scales with the same stored
    // statistics and runs the same network, so every predicted class name matches.
    assert_eq!(from_cli, from_rust);
}
