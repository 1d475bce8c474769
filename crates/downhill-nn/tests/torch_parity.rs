//! Forward values and gradients of losses, softmax/log-softmax, BatchNorm1d (train and eval) and one
//! MLP training step, against PyTorch. Reference numbers: tests/data/torch_nn.json, printed in float64
//! by tools/refgen/nn_reference.py (torch version recorded in the file).
//! Tolerance: |ours − torch| ≤ 1e-5 + 1e-4·|torch|: we compute in f32 from inputs exact in f32.
use downhill_autograd::{Tape, Var};
use downhill_nn::{
    load_state, state_dict, Activation, BatchNorm1d, BceWithLogits, CrossEntropy, Ctx, Hinge, Huber, Init,
    Linear, Loss, Mae, Module, Mse, Sequential,
};
use downhill_tensor::{Float, Rng, Tensor};
use serde_json::Value;
use std::collections::BTreeMap;

fn reference() -> Value {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/torch_nn.json"))
        .expect("tests/data/torch_nn.json is committed");
    serde_json::from_str(&text).expect("reference file is valid JSON")
}

/// A JSON number, list or list of lists as a tensor (shape follows the nesting).
fn tensor(v: &Value) -> Tensor {
    match v {
        Value::Number(n) => Tensor::scalar(n.as_f64().expect("number") as Float),
        Value::Array(rows) if rows.first().is_some_and(Value::is_array) => {
            let rows: Vec<Vec<Float>> = rows.iter().map(|r| tensor(r).into_vec()).collect();
            Tensor::from_rows(&rows).expect("rectangular")
        }
        Value::Array(xs) => Tensor::vector(xs.iter().map(|x| x.as_f64().expect("number") as Float).collect()),
        other => panic!("not a tensor: {other}"),
    }
}

#[track_caller]
fn assert_close(what: &str, got: &Tensor, want: &Tensor) {
    assert_eq!(got.numel(), want.numel(), "{what}: {} vs {}", got.shape(), want.shape());
    for (i, (a, b)) in got.data().iter().zip(want.data()).enumerate() {
        assert!((a - b).abs() <= 1e-5 + 1e-4 * b.abs(), "{what}[{i}]: ours {a} vs torch {b}");
    }
}

fn loss_by_name(name: &str, case: &Value) -> Box<dyn Loss> {
    match name {
        "mse" => Box::new(Mse),
        "mae" => Box::new(Mae),
        "huber" | "huber_delta_0.5" => {
            Box::new(Huber { delta: case.get("delta").and_then(Value::as_f64).unwrap_or(1.0) as Float })
        }
        "bce_with_logits" => Box::new(BceWithLogits),
        "cross_entropy" => Box::new(CrossEntropy),
        "hinge" => Box::new(Hinge),
        other => panic!("reference has a loss this test does not know: {other}"),
    }
}

#[test]
fn every_loss_matches_torch_value_and_gradient() {
    let r = reference();
    let cases = r["losses"].as_array().expect("losses");
    assert!(cases.len() >= 18);
    for case in cases {
        let name = case["name"].as_str().expect("name");
        let tape = Tape::new();
        let pred = tape.watch(tensor(&case["pred"]));
        let loss = loss_by_name(name, case).loss(pred, tape.leaf(tensor(&case["target"])));
        assert_close(&format!("{name} value"), &loss.value(), &tensor(&case["value"]));
        let grads = tape.backward(loss);
        assert_close(&format!("{name} grad"), grads.wrt(pred).expect("grad"), &tensor(&case["grad_pred"]));
    }
}

#[test]
fn softmax_and_log_softmax_match_torch_including_large_inputs() {
    let r = &reference()["softmax"];
    let w = tensor(&r["w"]);
    let check = |f: &dyn Fn(Var<'_>) -> Var<'_>, value: &str, grad: &str| {
        let tape = Tape::new();
        let x = tape.watch(tensor(&r["x"]));
        let y = f(x);
        assert_close(value, &y.value(), &tensor(&r[value]));
        let g = tape.backward((y * tape.leaf(w.clone())).sum());
        assert_close(grad, g.wrt(x).expect("grad"), &tensor(&r[grad]));
    };
    check(&|x| x.softmax(1), "softmax", "grad_softmax");
    check(&|x| x.log_softmax(1), "log_softmax", "grad_log_softmax");
}

#[test]
fn batch_norm_matches_torch_in_train_and_eval() {
    let r = &reference()["batchnorm"];
    let mut bn =
        BatchNorm1d::with_options(4, r["momentum"].as_f64().unwrap(), r["eps"].as_f64().unwrap(), true)
            .expect("valid options");
    bn.gamma.as_mut().unwrap().value = tensor(&r["gamma"]);
    bn.beta.as_mut().unwrap().value = tensor(&r["beta"]);
    let tape = Tape::new();
    let x = tape.watch(tensor(&r["x"]));
    let y = bn.forward(&Ctx::train(&tape, 0), x);
    assert_close("train_out", &y.value(), &tensor(&r["train_out"]));
    let g = tape.backward((y * tape.leaf(tensor(&r["w"]))).sum());
    assert_close("grad_x", g.wrt(x).unwrap(), &tensor(&r["grad_x"]));
    assert_close("grad_gamma", g.get(bn.gamma.as_ref().unwrap()).unwrap(), &tensor(&r["grad_gamma"]));
    assert_close("grad_beta", g.get(bn.beta.as_ref().unwrap()).unwrap(), &tensor(&r["grad_beta"]));
    assert_close("running_mean", &bn.running_mean.value, &tensor(&r["running_mean"]));
    assert_close("running_var", &bn.running_var.value, &tensor(&r["running_var"]));
    let tape = Tape::new();
    let y = bn.forward(&Ctx::eval(&tape), tape.leaf(tensor(&r["x_eval"])));
    assert_close("eval_out", &y.value(), &tensor(&r["eval_out"]));
}

#[test]
fn one_mlp_sgd_step_matches_torch() {
    let r = &reference()["mlp_step"];
    let mut rng = Rng::seed(0);
    let mut net = Sequential::new()
        .with(Linear::new(4, 5, true, Init::TorchLinear, &mut rng))
        .with(Activation::Tanh)
        .with(Linear::new(5, 3, true, Init::TorchLinear, &mut rng));
    let given: BTreeMap<String, Tensor> =
        r["params"].as_object().unwrap().iter().map(|(k, v)| (k.clone(), tensor(v))).collect();
    load_state(&mut net, &given).expect("torch names and shapes match ours");
    let tape = Tape::new();
    let logits = net.forward(&Ctx::train(&tape, 0), tape.leaf(tensor(&r["x"])));
    let loss = CrossEntropy.loss(logits, tape.leaf(tensor(&r["target"])));
    assert_close("loss", &loss.value(), &tensor(&r["loss"]));
    let grads = tape.backward(loss);
    let lr = r["lr"].as_f64().unwrap() as Float;
    for p in net.params_mut() {
        let g = grads.get(p).expect("every parameter gets a gradient");
        assert_close(&format!("grad {}", p.name()), g, &tensor(&r["grads"][p.name()]));
        p.value.add_scaled(g, -lr);
    }
    for (name, value) in state_dict(&net) {
        assert_close(&format!("after step {name}"), &value, &tensor(&r["params_after_sgd_step"][&name]));
    }
}

#[test]
fn loading_values_of_the_wrong_shape_names_the_parameter() {
    let mut net = Sequential::new().with(Linear::new(2, 3, true, Init::Zeros, &mut Rng::seed(0)));
    let mut values = state_dict(&net);
    values.insert("layers.0.weight".into(), Tensor::zeros([2, 3]));
    let msg = load_state(&mut net, &values).unwrap_err().to_string();
    assert!(msg.contains("layers.0.weight") && msg.contains("[3, 2]") && msg.contains("[2, 3]"), "{msg}");
    values.remove("layers.0.weight");
    let msg = load_state(&mut net, &values).unwrap_err().to_string();
    assert!(msg.contains("missing") && msg.contains("layers.0.weight"), "{msg}");
}
