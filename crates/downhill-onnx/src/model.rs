//! A trained model as one ONNX file: its preprocessing (when it has one, and the model reads rows:
//! a GAN's generator reads codes), its network and its output head. The graph's input is `features` [N, C]: the raw input columns (`preprocessing.rs`
//! says how categorical ones are given) or, for a model stored without preprocessing, its feature
//! vectors as `Model::predict` takes them. The file's metadata (`metadata_props`, all JSON) names
//! what a caller needs: `input_columns`, `categories.<column>`, `class_names`, `feature_names`,
//! `missing_values`, `target_scale`, `estimator` and `architecture`; its doc string says the same
//! in words.
use crate::frame::{exported, value_info, Exported};
use crate::graph::Graph;
use crate::head::{head, Meaning};
use crate::mlp::mlp_layers;
use crate::preprocessing::preprocess;
use crate::proto::data_type;
use crate::stack::export_stack;
use crate::{wire, ExportError};
use downhill_data::{FeatureEncoder, Preprocessor};
use downhill_learn::{Architecture, EstimatorKind, FittedPipeline, Model, ModelInfo};
use downhill_nn::spec::output_shapes;

/// The ONNX file of `model`, reading raw columns through `preprocessing` when given (as the CLI
/// stores it in `extra.preprocessing`), with `info`'s class and feature names in its metadata.
pub fn export_model(
    model: &Model,
    preprocessing: Option<&Preprocessor>,
    info: &ModelInfo,
) -> Result<Exported, ExportError> {
    let (layers, input_shape) = match &model.architecture {
        Architecture::Layers(stack) => (stack.layers.clone(), stack.input_shape.clone()),
        Architecture::Mlp(m) => mlp_layers(m),
    };
    let output = output_shapes(&layers, &input_shape)?.last().cloned().unwrap_or_else(|| input_shape.clone());
    // A GAN's generator reads codes; its preprocessing describes the rows it writes.
    let preprocessing = preprocessing.filter(|_| model.estimator != EstimatorKind::Generator);
    if let Some(prep) = preprocessing.filter(|p| p.n_features() != model.features()) {
        return Err(ExportError::Width { preprocessed: prep.n_features(), model: model.features() });
    }
    let mut g = Graph::with_inputs(&["features"]);
    let (x, columns) = match preprocessing {
        Some(prep) => (preprocess(&mut g, prep, "features")?, prep.encoders().len()),
        None => ("features".to_string(), model.features()),
    };
    g.set_scope("input");
    let x = match input_shape.len() {
        1 => x,
        _ => wire::batch_reshape(&mut g, &x, &input_shape),
    };
    let z = export_stack(&mut g, &model.state_dict(), &layers, &input_shape, "layers", &x)?;
    let meaning =
        Meaning { objective: model.objective, scale: model.target_scale, classes: &info.class_names };
    let outputs = head(&mut g, meaning, &z, &output);
    let input = value_info("features", data_type::FLOAT, &[columns], &input_doc(preprocessing));
    let graph = g.finish(model.estimator.name(), vec![input], outputs);
    let doc = format!("{} exported by downhill. Input: {}", model.estimator.name(), input_doc(preprocessing));
    Ok(exported(graph, doc, metadata(model, preprocessing, info)))
}

/// `export_model` of a fitted pipeline: its model behind its preprocessing.
///
/// ```
/// use downhill_learn::{MlpClassifier, Pipeline};
/// let iris = downhill_data::datasets::iris();
/// let clf = MlpClassifier::new().hidden([8]).epochs(5);
/// let fitted = Pipeline::new(clf).names_from(&iris).fit(&iris.x, &iris.y)?;
/// let onnx = downhill_onnx::export_pipeline(&fitted)?;
/// assert!(onnx.summary.starts_with("input features [N, 4]: raw columns sepal_length"));
/// assert!(onnx.summary.ends_with("output probabilities [N, 3]: class probabilities"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn export_pipeline(pipeline: &FittedPipeline) -> Result<Exported, ExportError> {
    export_model(pipeline.model(), Some(pipeline.preprocessor()), pipeline.info())
}

/// What the `features` columns are, in words.
fn input_doc(prep: Option<&Preprocessor>) -> String {
    let Some(prep) = prep else { return "the model's feature vectors, one row per sample".into() };
    let columns: Vec<String> = prep
        .encoders()
        .iter()
        .map(|e| match e {
            FeatureEncoder::Numeric { column, .. } => column.clone(),
            FeatureEncoder::OneHot { column, categories, .. } => {
                let codes: Vec<String> =
                    categories.iter().enumerate().map(|(k, c)| format!("{k}={c}")).collect();
                format!("{column} (category index: {})", codes.join(", "))
            }
        })
        .collect();
    format!(
        "raw columns {}; NaN is a missing value, and a category index outside the list an unseen category",
        columns.join(", ")
    )
}

fn json<T: serde::Serialize + ?Sized>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|e| panic!("plain data serialises: {e}"))
}

fn metadata(model: &Model, prep: Option<&Preprocessor>, info: &ModelInfo) -> Vec<(String, String)> {
    let mut meta = vec![
        ("estimator".to_string(), json(model.estimator.name())),
        ("architecture".to_string(), json(&model.architecture)),
        ("class_names".to_string(), json(&info.class_names)),
        ("feature_names".to_string(), json(&info.feature_names)),
        ("target_scale".to_string(), json(&model.target_scale)),
    ];
    if let Some(prep) = prep {
        meta.push(("input_columns".to_string(), json(&prep.input_columns())));
        meta.push(("missing_values".to_string(), json(&prep.missing())));
        for e in prep.encoders() {
            if let FeatureEncoder::OneHot { column, categories, .. } = e {
                meta.push((format!("categories.{column}"), json(categories)));
            }
        }
    }
    meta
}
