//! Trains a 2-8-1 tanh network on XOR with Adam and prints the loss falling.
//! Run: `cargo run --release --example xor`
use downhill::prelude::*;
use downhill::{apply_step, param_values};

fn main() {
    let x = Tensor::from_rows(&[[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]).expect("4 rows of 2");
    let y = Tensor::from_rows(&[[0.0], [1.0], [1.0], [0.0]]).expect("4 rows of 1");
    let mut net = Mlp::new(&[2, 8, 1]).activation(Activation::Tanh).seed(1).build().expect("valid sizes");
    let tx = adam(AdamOptions { lr: 0.05, ..Default::default() }).expect("valid options");
    let mut opt = Optimizer::new(tx, &param_values(&net));
    for step in 0..=500 {
        let tape = Tape::new();
        let cx = Ctx::train(&tape, step);
        let logits = net.forward(&cx, tape.leaf(x.clone()));
        let loss = BceWithLogits.loss(logits, tape.leaf(y.clone()));
        if step % 50 == 0 {
            println!("step {step:>3}  loss {:.5}", loss.item());
        }
        let grads = tape.backward(loss);
        apply_step(&mut net, &mut opt, &grads);
    }
    let tape = Tape::new();
    let probs = net.forward(&Ctx::eval(&tape), tape.leaf(x.clone())).sigmoid();
    for (input, p) in x.data().chunks(2).zip(probs.value().data()) {
        println!("{input:?} -> {p:.3}");
    }
}
