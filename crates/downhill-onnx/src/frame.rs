//! The frame around a graph: the ModelProto with its IR version, operator set and metadata, and
//! the typed declarations of the graph's inputs and outputs ([N, ...] with N a named, free
//! dimension, so any batch size runs).
use crate::proto::{
    Dimension, DimensionValue, GraphProto, ModelProto, OperatorSetIdProto, StringStringEntryProto,
    TensorShapeProto, TensorTypeProto, TypeProto, ValueInfoProto,
};
use prost::Message;

/// The ONNX operator set the files use: 17 (ONNX 1.12), the first with LayerNormalization.
pub const OPSET: i64 = 17;
/// The IR version that goes with opset 17.
const IR_VERSION: i64 = 8;
/// The name of the free batch dimension.
pub(crate) const BATCH: &str = "N";

/// A declared input or output: `name`, of ONNX element type `elem_type`, shape [N, ...per_sample].
pub(crate) fn value_info(name: &str, elem_type: i32, per_sample: &[usize], doc: &str) -> ValueInfoProto {
    let batch = Dimension { value: Some(DimensionValue::DimParam(BATCH.into())) };
    let dims = per_sample.iter().map(|&d| Dimension { value: Some(DimensionValue::DimValue(d as i64)) });
    let shape = TensorShapeProto { dim: std::iter::once(batch).chain(dims).collect() };
    let tensor = TensorTypeProto { elem_type, shape: Some(shape) };
    ValueInfoProto {
        name: name.into(),
        r#type: Some(TypeProto { tensor_type: Some(tensor) }),
        doc_string: doc.into(),
    }
}

/// An exported model: the ONNX file's bytes and a few lines saying what its inputs and outputs
/// are (name, shape with the batch dimension N, meaning), for the person who exported it.
#[derive(Clone, Debug, PartialEq)]
pub struct Exported {
    /// The ONNX file.
    pub bytes: Vec<u8>,
    /// `input features [N, 4]: ...` and one `output ...` line per output.
    pub summary: String,
}

/// One line per graph input and output.
fn summary(graph: &GraphProto) -> String {
    let line = |kind: &str, v: &ValueInfoProto| {
        let dims = v.r#type.as_ref().and_then(|t| t.tensor_type.as_ref()).and_then(|t| t.shape.as_ref());
        let dims: Vec<String> = dims
            .map(|s| {
                s.dim
                    .iter()
                    .map(|d| match &d.value {
                        Some(DimensionValue::DimValue(v)) => v.to_string(),
                        Some(DimensionValue::DimParam(p)) => p.clone(),
                        None => "?".to_string(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        format!("{kind} {} [{}]: {}", v.name, dims.join(", "), v.doc_string)
    };
    let inputs = graph.input.iter().map(|v| line("input", v));
    inputs.chain(graph.output.iter().map(|v| line("output", v))).collect::<Vec<_>>().join("\n")
}

/// The file: `graph` under opset 17, described by `doc` and `metadata`.
pub(crate) fn exported(graph: GraphProto, doc: String, metadata: Vec<(String, String)>) -> Exported {
    let summary = summary(&graph);
    let model = ModelProto {
        ir_version: IR_VERSION,
        producer_name: "downhill".into(),
        producer_version: env!("CARGO_PKG_VERSION").into(),
        doc_string: doc,
        graph: Some(graph),
        opset_import: vec![OperatorSetIdProto { domain: String::new(), version: OPSET }],
        metadata_props: metadata
            .into_iter()
            .map(|(key, value)| StringStringEntryProto { key, value })
            .collect(),
    };
    Exported { bytes: model.encode_to_vec(), summary }
}
