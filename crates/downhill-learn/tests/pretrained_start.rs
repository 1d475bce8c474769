//! Pre-trained starts and fine-tuning: `init_from` a saved model gives its exact weights as the
//! starting point, `freeze` keeps the named layers' values bit for bit while the rest trains, and a
//! file for another architecture is refused naming the first parameter that differs.
#![allow(clippy::unwrap_used)]
mod common;
use common::{prepared, temp_dir};
use downhill_learn::*;

fn mlp(hidden: Vec<usize>, epochs: usize) -> MlpClassifier {
    let mut p = MlpClassifier::default();
    p.shape.hidden = hidden;
    p.train.stopping = StoppingRules::epochs(epochs);
    p
}

fn weights(f: &Fitted<MlpClassifier>) -> std::collections::BTreeMap<String, Vec<u32>> {
    f.model
        .state_dict()
        .into_iter()
        .map(|(k, v)| (k, v.data().iter().map(|x| x.to_bits()).collect()))
        .collect()
}

#[test]
fn a_saved_model_starts_the_next_run_and_frozen_layers_keep_their_values() {
    let (x, y, _, _) = prepared("iris.csv", 0.3, Task::Classification { classes: 3 }, 2);
    let first = mlp(vec![8], 20).fit(&x, &y).unwrap();
    let path = temp_dir("pretrained").join("first.safetensors");
    save_model(&path, &first.model, &first.info()).unwrap();

    // Zero epochs of the second run would be refused; one epoch at lr 0 changes nothing, so the
    // start is exactly the saved weights (bit for bit).
    let mut still = mlp(vec![8], 1);
    still.train.init_from = Some(path.clone());
    still.train.optimizer = OptimizerSettings::new(OptimizerConfig::default().with_lr(0.0));
    assert_eq!(weights(&still.fit(&x, &y).unwrap()), weights(&first));

    let mut tuned = mlp(vec![8], 10);
    tuned.train.init_from = Some(path.clone());
    tuned.train.freeze = vec!["layers.0".into()];
    let tuned = tuned.fit(&x, &y).unwrap();
    let (before, after) = (weights(&first), weights(&tuned));
    assert_eq!(after["layers.0.weight"], before["layers.0.weight"], "frozen: unchanged bit for bit");
    assert_eq!(after["layers.0.bias"], before["layers.0.bias"]);
    assert_ne!(after["layers.2.weight"], before["layers.2.weight"], "the head trains");

    let mut other = mlp(vec![6], 1);
    other.train.init_from = Some(path.clone());
    let e = other.fit(&x, &y).unwrap_err().to_string();
    assert!(e.contains("first.safetensors") && e.contains("layers.0.weight") && e.contains("[6, 4]"), "{e}");
    let mut typo = mlp(vec![8], 1);
    typo.train.freeze = vec!["layer.0".into()];
    assert!(typo.fit(&x, &y).unwrap_err().to_string().contains("layer.0"));
}

/// The files tools/refgen/layers_reference.py wrote with torch: a state_dict saved by
/// `safetensors.torch.save_file`, and torch's eval-mode outputs on a batch.
fn torch_reference() -> (std::path::PathBuf, serde_json::Value) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../downhill-nn/tests/data");
    let json = std::fs::read_to_string(dir.join("torch_cnn.json")).unwrap();
    (dir.join("torch_cnn.safetensors"), serde_json::from_str(&json).unwrap())
}

fn tensor(v: &serde_json::Value) -> Tensor {
    let shape: Vec<usize> = serde_json::from_value(v["shape"].clone()).unwrap();
    let data: Vec<f32> = serde_json::from_value(v["data"].clone()).unwrap();
    Tensor::from_vec(data, shape).unwrap()
}

#[test]
fn a_torch_state_dict_starts_a_network_that_gives_torchs_outputs() {
    let (path, r) = torch_reference();
    let layers = parse_layers(r["spec"].as_str().unwrap()).unwrap();
    let mut net = downhill_nn::Sequential::from_spec(&layers, &[1, 8, 8], 7).unwrap();
    load_weights(&mut net, &path).unwrap();
    let tape = downhill_autograd::Tape::new();
    let x = tensor(&r["x"]);
    let y = downhill_nn::Module::forward(&mut net, &downhill_nn::Ctx::eval(&tape), tape.leaf(x));
    let want = tensor(&r["y"]);
    // torch's f32 forward against ours from the same f32 weights: 1e-5 + 1e-4·|y| as the layer tests.
    for (a, b) in y.value().data().iter().zip(want.data()) {
        assert!((a - b).abs() <= 1e-5 + 1e-4 * b.abs(), "ours {a} vs torch {b}");
    }
    let other =
        parse_layers("conv2d(8, 3, padding=1), batch_norm2d, relu, max_pool2d(2), flatten, linear(3)")
            .unwrap();
    let mut wrong = downhill_nn::Sequential::from_spec(&other, &[1, 8, 8], 7).unwrap();
    let e = load_weights(&mut wrong, &path).unwrap_err().to_string();
    assert!(
        e.contains("torch_cnn.safetensors")
            && e.contains("`layers.0.weight` is [8, 1, 3, 3] in the model but [4, 1, 3, 3]"),
        "{e}"
    );
}
