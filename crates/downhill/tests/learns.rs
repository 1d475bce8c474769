//! End-to-end learning checks through the public facade: a 2-layer network learns XOR, and a linear
//! model recovers known weights.
use downhill::prelude::*;
use downhill::{apply_step, param_values};

#[test]
fn two_layer_network_learns_xor() {
    let x = Tensor::from_rows(&[[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]).unwrap();
    let y = Tensor::from_rows(&[[0.0], [1.0], [1.0], [0.0]]).unwrap();
    let mut net = Mlp::new(&[2, 8, 1]).activation(Activation::Tanh).seed(1).build().unwrap();
    let mut opt =
        Optimizer::new(adam(AdamOptions { lr: 0.05, ..Default::default() }).unwrap(), &param_values(&net));
    let mut last = f32::INFINITY;
    for step in 0..500 {
        let tape = Tape::new();
        let loss = BceWithLogits
            .loss(net.forward(&Ctx::train(&tape, step), tape.leaf(x.clone())), tape.leaf(y.clone()));
        last = loss.item();
        let grads = tape.backward(loss);
        apply_step(&mut net, &mut opt, &grads);
    }
    assert!(last < 0.05, "XOR loss after 500 Adam steps: {last}");
    let tape = Tape::new();
    let logits = net.forward(&Ctx::eval(&tape), tape.leaf(x));
    let predicted: Vec<f32> =
        logits.value().data().iter().map(|&z| if z > 0.0 { 1.0 } else { 0.0 }).collect();
    // Exact: thresholded predictions and the targets are both the literal labels 0 and 1.
    assert_eq!(predicted, y.data());
}

#[test]
fn linear_model_recovers_known_weights() {
    // y = X·w + b + noise with w = [2, −3, 0.5], b = 1, noise N(0, 0.01²): least squares lands within
    // a few noise-widths of the truth (standard error ≈ 0.01/sqrt(512) per coefficient).
    let mut rng = Rng::seed(11);
    let x = Tensor::rand_normal([512, 3], 0.0, 1.0, &mut rng);
    let w_true = Tensor::from_rows(&[[2.0], [-3.0], [0.5]]).unwrap();
    let y = &(&x.matmul(&w_true) + 1.0) + &Tensor::rand_normal([512, 1], 0.0, 0.01, &mut rng);
    let mut model = Linear::new(3, 1, true, Init::Zeros, &mut rng);
    let tx = sgd(SgdOptions { lr: 0.1, ..Default::default() }).unwrap();
    let mut opt = Optimizer::new(tx, &param_values(&model));
    for _ in 0..300 {
        let tape = Tape::new();
        let loss = Mse.loss(model.forward(&Ctx::train(&tape, 0), tape.leaf(x.clone())), tape.leaf(y.clone()));
        let grads = tape.backward(loss);
        apply_step(&mut model, &mut opt, &grads);
    }
    for (got, want) in model.weight.value.data().iter().zip(w_true.data()) {
        assert!((got - want).abs() < 5e-3, "weight {got} vs {want}");
    }
    let b = model.bias.as_ref().unwrap().value.data()[0];
    assert!((b - 1.0).abs() < 5e-3, "bias {b}");
}
