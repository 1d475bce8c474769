//! A layer stack alone as an ONNX file: input `input` [N, ...input_shape] (f32), output `output`
//! [N, ...output shape], the network's raw outputs in evaluation mode. What the model-level export
//! builds on, and what the per-layer tests check against downhill's forward pass.
use crate::frame::{exported, value_info, Exported};
use crate::graph::Graph;
use crate::proto::data_type;
use crate::stack::export_stack;
use crate::ExportError;
use downhill_nn::spec::{output_shapes, LayerSpec};
use downhill_tensor::Tensor;
use std::collections::BTreeMap;

/// The ONNX file of `layers` reading samples of `input_shape`, with the parameters and buffers of
/// `state` (`downhill_nn::state_dict` of the built stack: `layers.0.weight`, ...).
///
/// ```
/// use downhill_nn::{spec::parse_layers, state_dict, Sequential};
/// let layers = parse_layers("linear(3), relu, linear(2)").unwrap();
/// let net = Sequential::from_spec(&layers, &[4], 0).unwrap();
/// let onnx = downhill_onnx::export_layers(&layers, &[4], &state_dict(&net)).unwrap();
/// assert!(onnx.bytes.len() > 4 * (4 * 3 + 3 + 3 * 2 + 2)); // at least the weights
/// assert_eq!(onnx.summary, "input input [N, 4]: samples\noutput output [N, 2]: the network's outputs");
/// ```
pub fn export_layers(
    layers: &[LayerSpec],
    input_shape: &[usize],
    state: &BTreeMap<String, Tensor>,
) -> Result<Exported, ExportError> {
    let output = output_shapes(layers, input_shape)?.last().cloned().unwrap_or_else(|| input_shape.to_vec());
    let mut g = Graph::with_inputs(&["input"]);
    let y = export_stack(&mut g, state, layers, input_shape, "layers", "input")?;
    g.set_scope("");
    let y = g.op_as("output", "Identity", &[&y], vec![]);
    let graph = g.finish(
        "downhill",
        vec![value_info("input", data_type::FLOAT, input_shape, "samples")],
        vec![value_info(&y, data_type::FLOAT, &output, "the network's outputs")],
    );
    Ok(exported(graph, downhill_nn::spec::layers_text(layers), vec![]))
}
