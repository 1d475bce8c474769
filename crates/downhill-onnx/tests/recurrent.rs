//! rnn, lstm and gru as ONNX's RNN, LSTM and GRU operators: stacked, bidirectional, without
//! biases; against downhill's eval-mode forward (1e-5).
mod common;
use common::{batch, check_layers};
use downhill_onnx::proto::ModelProto;
use prost::Message;

#[test]
fn rnn_layers_match() {
    check_layers("rnn(5)", &[4, 3], &batch(3, &[4, 3], 1));
    check_layers("rnn(4, num_layers=2, bidirectional=true, bias=false)", &[5, 3], &batch(2, &[5, 3], 2));
}

#[test]
fn lstm_gates_are_reordered_for_onnx() {
    check_layers("lstm(5), linear(2)", &[4, 3], &batch(3, &[4, 3], 3));
    check_layers("lstm(4, num_layers=2, bidirectional=true)", &[5, 3], &batch(2, &[5, 3], 4));
    check_layers("lstm(3, bias=false)", &[4, 2], &batch(2, &[4, 2], 5));
}

#[test]
fn gru_gates_are_reordered_and_reset_after_the_product() {
    check_layers("gru(5)", &[4, 3], &batch(3, &[4, 3], 6));
    check_layers("gru(4, num_layers=2, bidirectional=true)", &[5, 3], &batch(2, &[5, 3], 7));
    check_layers("gru(3, bias=false)", &[4, 2], &batch(2, &[4, 2], 8));
}

#[test]
fn a_relu_rnn_names_its_activation_for_each_direction() {
    // tract 0.21 ignores the RNN operator's `activations` (it always applies tanh), so this file's
    // numbers are checked with onnxruntime by tools/refgen/onnx_check.py; here, what it says.
    let (layers, net) = common::random_net("rnn(4, nonlinearity='relu', bidirectional=true)", &[3, 2], 1);
    let bytes = downhill_onnx::export_layers(&layers, &[3, 2], &downhill_nn::state_dict(&net)).unwrap().bytes;
    let model = ModelProto::decode(&bytes[..]).unwrap();
    let graph = model.graph.unwrap();
    let rnn = graph.node.iter().find(|n| n.op_type == "RNN").expect("an RNN node");
    let activations = rnn.attribute.iter().find(|a| a.name == "activations").expect("activations");
    assert_eq!(activations.strings, [b"Relu".to_vec(), b"Relu".to_vec()]);
}

#[test]
fn a_missing_weight_is_a_one_line_error_naming_the_layer() {
    let (layers, net) = common::random_net("linear(3), lstm(4, num_layers=2)", &[5, 2], 1);
    let mut state = downhill_nn::state_dict(&net);
    state.remove("layers.1.weight_hh_l1");
    let e = downhill_onnx::export_layers(&layers, &[5, 2], &state).unwrap_err().to_string();
    assert_eq!(
        e,
        "lstm #2 (layers.1) cannot be exported to ONNX: parameter layers.1.weight_hh_l1 is missing from the \
         model's weights"
    );
    state.insert("layers.1.weight_hh_l1".into(), downhill_tensor::Tensor::zeros([16, 3]));
    let e = downhill_onnx::export_layers(&layers, &[5, 2], &state).unwrap_err().to_string();
    assert!(
        e.contains("lstm #2 (layers.1)") && e.contains("[16, 3], expected [16, 4]") && !e.contains('\n'),
        "{e}"
    );
}
