//! `rnn`, `lstm` and `gru` built from their descriptions (`Sequential::from_spec`) with torch's
//! weights loaded by torch's names, against torch.nn.RNN/LSTM/GRU (batch_first=True): the output
//! sequence, and the gradients for the input and every parameter of L = Σ y ⊙ r. Cases: tanh and
//! relu RNNs, odd sizes, two layers, bidirectional, no bias, train mode with dropout 0.
//! Reference: tests/data/torch_recurrent.json, printed by tools/refgen/recurrent_reference.py (torch
//! version in the file).
//! Tolerance: |ours − torch| ≤ 1e-5 + 1e-5·|torch|. torch's f32 results are within 5.5e-7 relative
//! of float64 on every case (the script prints it); our f32 sums run in another order over at most 6
//! steps, so a few ulps of the largest values (≈ 1e-6 absolute) is the expected gap, and 1e-5 leaves
//! room without hiding a wrong gate (which moves values by 1e-2 or more). Relu pre-activations are
//! kept 3e-5 away from 0 by the script.
#![allow(clippy::unwrap_used)]
use downhill_autograd::Tape;
use downhill_nn::spec::parse_layers;
use downhill_nn::{load_state, Ctx, Module, Sequential};
use downhill_tensor::{Float, Tensor};
use serde_json::Value;
use std::collections::BTreeMap;

fn reference() -> Value {
    let path = format!("{}/tests/data/torch_recurrent.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path} is committed: {e}"));
    serde_json::from_str(&text).expect("reference file is valid JSON")
}

/// `{"shape": [...], "data": [...]}` as a tensor.
fn tensor(v: &Value) -> Tensor {
    let shape: Vec<usize> =
        v["shape"].as_array().expect("shape").iter().map(|d| d.as_u64().unwrap() as usize).collect();
    let data = v["data"].as_array().expect("data").iter().map(|x| x.as_f64().unwrap() as Float).collect();
    Tensor::from_vec(data, shape).expect("data fits shape")
}

#[track_caller]
fn assert_close(what: &str, got: &Tensor, want: &Tensor) {
    assert_eq!(got.dims(), want.dims(), "{what}: shape");
    for (i, (a, b)) in got.data().iter().zip(want.data()).enumerate() {
        assert!((a - b).abs() <= 1e-5 + 1e-5 * b.abs(), "{what}[{i}]: ours {a} vs torch {b}");
    }
}

#[test]
fn recurrent_layers_match_torch_outputs_and_gradients() {
    let r = reference();
    let cases = r["cases"].as_array().expect("cases");
    assert!(cases.len() >= 15, "{} cases", cases.len());
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let layers = parse_layers(case["spec"].as_str().unwrap()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let input: Vec<usize> =
            case["input_shape"].as_array().unwrap().iter().map(|d| d.as_u64().unwrap() as usize).collect();
        let mut net = Sequential::from_spec(&layers, &input, 0).unwrap_or_else(|e| panic!("{name}: {e}"));
        // torch's `0.weight_ih_l0` is our `layers.0.weight_ih_l0`: its weights load unchanged.
        let state: BTreeMap<String, Tensor> = case["state_before"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, t)| (format!("layers.{k}"), tensor(t)))
            .collect();
        load_state(&mut net, &state).unwrap_or_else(|e| panic!("{name}: torch's names: {e}"));
        let tape = Tape::new();
        let cx = if case["mode"] == "train" { Ctx::train(&tape, 0) } else { Ctx::eval(&tape) };
        let x = tape.watch(tensor(&case["x"]));
        let y = net.forward(&cx, x);
        assert_close(&format!("{name}: y"), &y.value(), &tensor(&case["y"]));
        let grads = tape.backward((y * tape.leaf(tensor(&case["r"]))).sum());
        assert_close(&format!("{name}: dL/dx"), grads.wrt(x).unwrap(), &tensor(&case["grad_x"]));
        assert_eq!(net.params().len(), case["grads"].as_object().unwrap().len(), "{name}: parameter count");
        for p in net.params() {
            let torch_name = p.name().strip_prefix("layers.").unwrap();
            let want = tensor(&case["grads"][torch_name]);
            assert_close(&format!("{name}: dL/d{torch_name}"), grads.get(p).expect("on the tape"), &want);
        }
    }
}
