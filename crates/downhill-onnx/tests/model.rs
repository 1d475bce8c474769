//! Whole models: raw columns (numeric, categorical, missing, unseen) through the exported
//! preprocessing, network and head, run by tract, against downhill's `predict` and
//! `predict_proba` on the same table (1e-5; labels exactly).
#![allow(clippy::unwrap_used)] // helpers outside #[test] functions
mod common;
use common::{tract_run, TOL};
use downhill_data::{
    CategoricalColumn, Column, MissingPolicy, NumericColumn, PreprocessOptions, Preprocessor, Scale, Table,
    Target, TaskChoice,
};
use downhill_learn::{
    Architecture, EstimatorKind, LayerStack, Model, ModelInfo, Objective, TargetScale, Task,
};
use downhill_nn::spec::parse_layers;
use downhill_tensor::{Rng, Tensor};
use downhill_testing::assert_close;

/// Columns a (numeric, one missing), colour (categorical, one missing), b (numeric, large mean),
/// size (numbers read as categories) and the target y.
fn table(y: Column) -> Table {
    let a = [Some(1.5), Some(-0.5), None, Some(2.0), Some(0.25), Some(-1.75)];
    let colour = [Some("red"), Some("blue"), Some("green"), None, Some("red"), Some("blue")];
    let b = [1003.5, 998.25, 1001.0, 1000.0, 996.5, 1004.75].map(Some);
    let size = ["3", "7", "3", "11", "7", "3"].map(Some);
    let columns = vec![
        Column::Numeric(NumericColumn::from_options(a)),
        Column::Categorical(CategoricalColumn::from_options(colour)),
        Column::Numeric(NumericColumn::from_options(b)),
        Column::Categorical(CategoricalColumn::from_options(size)),
        y,
    ];
    Table::new(["a", "colour", "b", "size", "y"].map(String::from).to_vec(), columns).unwrap()
}

/// A model of `layers` behind preprocessing fitted on `train`, with weights from `seed`.
fn model(train: &Table, layers: &str, objective: Objective, scale: Scale) -> (Model, Preprocessor) {
    let target = Target::fit(train, "y", TaskChoice::Auto).unwrap();
    let options = PreprocessOptions { scale: Some(scale), missing: MissingPolicy::Mean };
    let prep = Preprocessor::fit(train, target, &options).unwrap();
    let stack = LayerStack { input_shape: vec![prep.n_features()], layers: parse_layers(layers).unwrap() };
    let architecture = Architecture::Layers(stack);
    let mut net = architecture.build(3).unwrap();
    let mut rng = Rng::seed(4);
    for p in downhill_nn::Module::params_mut(&mut net) {
        p.value = p.value.zip_map(&Tensor::rand_normal(p.value.dims(), 0.0, 0.3, &mut rng), |a, b| a + b);
    }
    let task = prep.task();
    let kind =
        if objective.is_classifier() { EstimatorKind::MlpClassifier } else { EstimatorKind::MlpRegressor };
    (Model::new(kind, objective, task, architecture, net), prep)
}

/// The table to predict: the training rows with an unseen colour and size, and missing colours.
fn predict_table(y: Column) -> Table {
    let t = table(y);
    let colour = [Some("purple"), None, Some("green"), Some("red"), Some("blue"), None];
    let size = ["5", "3", "11", "7", "3", "7"].map(Some);
    let mut columns = t.columns().to_vec();
    columns[1] = Column::Categorical(CategoricalColumn::from_options(colour));
    columns[3] = Column::Categorical(CategoricalColumn::from_options(size));
    Table::new(t.names().to_vec(), columns).unwrap()
}

/// Exports, runs tract on the raw columns and returns (downhill's features, tract's outputs).
fn exported(model: &Model, prep: &Preprocessor, table: &Table) -> (Tensor, Vec<Tensor>) {
    let info = ModelInfo {
        class_names: prep.classes().to_vec(),
        feature_names: prep.feature_names(),
        ..Default::default()
    };
    let bytes = downhill_onnx::export_model(model, Some(prep), &info).unwrap().bytes;
    let raw = downhill_onnx::raw_features(prep, table).unwrap();
    let x = prep.transform_features(table).unwrap().x;
    (x, tract_run(&bytes, &[&raw]))
}

#[test]
fn a_classifier_gives_downhills_labels_and_probabilities() {
    let y = Column::Categorical(CategoricalColumn::from_options(["x", "y", "z", "x", "y", "z"].map(Some)));
    let (m, prep) =
        model(&table(y.clone()), "linear(8), tanh, linear(3)", Objective::Multinomial, Scale::Standard);
    let rows = predict_table(y);
    let (x, out) = exported(&m, &prep, &rows);
    assert_eq!(out[0].data(), m.predict(&x).unwrap().data(), "labels: class ids, exact");
    assert_close("probabilities", out[1].data(), m.predict_proba(&x).unwrap().data(), TOL);
}

#[test]
fn a_binary_classifier_and_a_margin_classifier() {
    let y = Column::Categorical(CategoricalColumn::from_options(
        ["no", "yes", "yes", "no", "no", "yes"].map(Some),
    ));
    let (m, prep) =
        model(&table(y.clone()), "linear(6), relu, linear(1)", Objective::Logistic, Scale::MinMax);
    let (x, out) = exported(&m, &prep, &predict_table(y.clone()));
    assert_eq!(out[0].data(), m.predict(&x).unwrap().data(), "labels, exact");
    assert_close("probabilities", out[1].data(), m.predict_proba(&x).unwrap().data(), TOL);
    let (m, prep) = model(&table(y.clone()), "linear(1)", Objective::Hinge, Scale::None);
    let (x, out) = exported(&m, &prep, &predict_table(y));
    assert_eq!(out[0].data(), m.predict(&x).unwrap().data(), "labels, exact");
    assert_close("scores", out[1].data(), m.decision_function(&x).unwrap().data(), TOL);
}

#[test]
fn the_file_declares_opset_17_and_says_how_to_feed_it() {
    use prost::Message;
    let y = Column::Categorical(CategoricalColumn::from_options(["x", "y", "z", "x", "y", "z"].map(Some)));
    let (m, prep) = model(&table(y), "linear(3)", Objective::Multinomial, Scale::Standard);
    let info = ModelInfo { class_names: prep.classes().to_vec(), ..Default::default() };
    let exported = downhill_onnx::export_model(&m, Some(&prep), &info).unwrap();
    let file = downhill_onnx::proto::ModelProto::decode(&exported.bytes[..]).unwrap();
    assert_eq!((file.ir_version, file.opset_import[0].version), (8, 17));
    let meta = |k: &str| file.metadata_props.iter().find(|p| p.key == k).map(|p| p.value.clone());
    assert_eq!(meta("input_columns").unwrap(), r#"["a","colour","b","size"]"#);
    // Categories sorted as text: "11" before "3".
    assert_eq!(meta("categories.size").unwrap(), r#"["11","3","7"]"#);
    assert_eq!(meta("class_names").unwrap(), r#"["x","y","z"]"#);
    let want = "input features [N, 4]: raw columns a, colour (category index: 0=blue, 1=green, 2=red), b, \
                size (category index: 0=11, 1=3, 2=7); NaN is a missing value, and a category index outside \
                the list an unseen category\noutput label [N]: class index: 0=x, 1=y, 2=z\n\
                output probabilities [N, 3]: class probabilities";
    assert_eq!(exported.summary, want);
}

#[test]
fn a_regressor_predicts_in_the_targets_units() {
    let y = Column::Numeric(NumericColumn::from_options([120.0, 80.5, 99.0, 143.25, 60.0, 101.0].map(Some)));
    let (m, prep) =
        model(&table(y.clone()), "linear(5), gelu, linear(1)", Objective::Squared, Scale::Standard);
    let m = m.with_target_scale(Some(TargetScale { mean: 100.625, std: 27.5 }));
    let (x, out) = exported(&m, &prep, &predict_table(y));
    assert_close("prediction", out[0].data(), m.predict(&x).unwrap().data(), TOL);
}

#[test]
fn a_generator_reads_codes_and_a_misfit_preprocessing_is_an_error() {
    let y = Column::Numeric(NumericColumn::from_options([1.0, 2.0, 3.0, 4.0, 5.0, 6.0].map(Some)));
    let (_, prep) = model(&table(y), "linear(1)", Objective::Squared, Scale::Standard);
    let stack = LayerStack { input_shape: vec![3], layers: parse_layers("linear(8)").unwrap() };
    let make = |kind| {
        let architecture = Architecture::Layers(stack.clone());
        let net = architecture.build(0).unwrap();
        Model::new(kind, Objective::Squared, Task::Regression, architecture, net)
    };
    let info = ModelInfo::default();
    let e = downhill_onnx::export_model(&make(EstimatorKind::MlpRegressor), Some(&prep), &info).unwrap_err();
    assert_eq!(e.to_string(), "the preprocessing gives 8 features but the model reads 3; retrain the model");
    // A generator's inputs are codes: its preprocessing (of the rows it writes) stays out.
    let generator = downhill_onnx::export_model(&make(EstimatorKind::Generator), Some(&prep), &info).unwrap();
    assert!(
        generator.summary.starts_with("input features [N, 3]: the model's feature vectors"),
        "{}",
        generator.summary
    );
}
