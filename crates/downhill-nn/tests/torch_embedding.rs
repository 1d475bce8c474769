//! `embedding` (with and without `padding_idx`) feeding `linear` per time step, against torch.nn:
//! forward output and the gradients of L = Σ y ⊙ r for every parameter, starting from torch's
//! weights. Reference: tests/data/torch_embedding.json, printed by tools/refgen/embedding_reference.py
//! (torch version in the file). Tolerance: |ours − torch| ≤ 1e-5 + 1e-4·|torch| (f32 sums of a few
//! products, as in torch_layers.rs).
#![allow(clippy::unwrap_used)]
use downhill_autograd::Tape;
use downhill_nn::spec::parse_layers;
use downhill_nn::{load_state, Ctx, Module, Sequential};
use downhill_tensor::{Float, Tensor};
use serde_json::Value;
use std::collections::BTreeMap;

fn tensor(v: &Value) -> Tensor {
    let shape: Vec<usize> =
        v["shape"].as_array().unwrap().iter().map(|d| d.as_u64().unwrap() as usize).collect();
    let data = v["data"].as_array().unwrap().iter().map(|x| x.as_f64().unwrap() as Float).collect();
    Tensor::from_vec(data, shape).unwrap()
}

#[track_caller]
fn assert_close(what: &str, got: &Tensor, want: &Tensor) {
    assert_eq!(got.dims(), want.dims(), "{what}: shape");
    for (i, (a, b)) in got.data().iter().zip(want.data()).enumerate() {
        assert!((a - b).abs() <= 1e-5 + 1e-4 * b.abs(), "{what}[{i}]: ours {a} vs torch {b}");
    }
}

#[test]
fn embedding_matches_torch_forward_and_gradients() {
    let path = format!("{}/tests/data/torch_embedding.json", env!("CARGO_MANIFEST_DIR"));
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    for case in doc["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let layers = parse_layers(case["spec"].as_str().unwrap()).unwrap();
        let shape: Vec<usize> = serde_json::from_value(case["input_shape"].clone()).unwrap();
        let mut net = Sequential::from_spec(&layers, &shape, 0).unwrap();
        let state: BTreeMap<String, Tensor> = case["state"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, t)| (format!("layers.{k}"), tensor(t)))
            .collect();
        load_state(&mut net, &state).unwrap();
        let tape = Tape::new();
        let y = net.forward(&Ctx::train(&tape, 0), tape.leaf(tensor(&case["x"])));
        assert_close(&format!("{name}: y"), &y.value(), &tensor(&case["y"]));
        let grads = tape.backward((y * tape.leaf(tensor(&case["r"]))).sum());
        for p in net.params() {
            let key = p.name().strip_prefix("layers.").unwrap();
            let want = tensor(&case["grads"][key]);
            assert_close(&format!("{name}: d{}", p.name()), grads.get(p).unwrap(), &want);
        }
    }
}
