//! The activations, each the ONNX operator of the same name where opset 17 has one:
//!   relu → Relu,  leaky_relu → LeakyRelu(alpha = slope),  elu → Elu(alpha),  sigmoid → Sigmoid,
//!   tanh → Tanh,  softplus → Softplus (ln(1 + eˣ)),  identity → no node,
//!   silu  x·σ(x)                → Mul(x, Sigmoid(x))
//!   gelu  x·½(1 + erf(x/√2))    → Erf (opset 17 has no Gelu; it came in opset 20), written as
//!         downhill's `gelu.rs` computes it: x·(1/√2), erf, + 1, · ½, · x.
use crate::attr;
use crate::graph::Graph;
use downhill_nn::Activation;

/// `activation` applied to `x`.
pub(crate) fn activation(g: &mut Graph, x: &str, activation: Activation) -> String {
    let one = |g: &mut Graph, op: &str| g.op(op, &[x], vec![]);
    match activation {
        Activation::Relu => one(g, "Relu"),
        Activation::LeakyRelu { slope } => g.op("LeakyRelu", &[x], vec![attr::float("alpha", slope.into())]),
        Activation::Elu { alpha } => g.op("Elu", &[x], vec![attr::float("alpha", alpha.into())]),
        Activation::Sigmoid => one(g, "Sigmoid"),
        Activation::Tanh => one(g, "Tanh"),
        Activation::Softplus => one(g, "Softplus"),
        Activation::Identity => x.to_string(),
        Activation::Silu => {
            let s = one(g, "Sigmoid");
            g.op("Mul", &[x, &s], vec![])
        }
        Activation::Gelu => gelu(g, x),
    }
}

fn gelu(g: &mut Graph, x: &str) -> String {
    let inv_sqrt2 = g.floats("inv_sqrt2", &[], &[std::f32::consts::FRAC_1_SQRT_2]);
    let (one, half) = (g.floats("one", &[], &[1.0]), g.floats("half", &[], &[0.5]));
    let scaled = g.op("Mul", &[x, &inv_sqrt2], vec![]);
    let erf = g.op("Erf", &[&scaled], vec![]);
    let cdf = g.op("Add", &[&erf, &one], vec![]);
    let cdf = g.op("Mul", &[&cdf, &half], vec![]);
    g.op("Mul", &[x, &cdf], vec![])
}
