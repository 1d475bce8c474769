//! linear, the activations, dropout, flatten and reparameterize: each exported, run by tract and
//! compared with downhill's eval-mode forward (`common::check_layers`, 1e-5).
mod common;
use common::{batch, check_layers};

#[test]
fn linear_layers_on_rows_and_on_sequences() {
    check_layers("linear(3)", &[4], &batch(5, &[4], 1));
    // Rank 3: MatMul with Wᵀ, then the bias; and no bias at all.
    check_layers("linear(3), linear(2, bias=false)", &[6, 4], &batch(3, &[6, 4], 2));
}

#[test]
fn every_activation_matches() {
    for act in [
        "relu",
        "leaky_relu(negative_slope=0.2)",
        "elu(alpha=0.5)",
        "gelu",
        "silu",
        "sigmoid",
        "tanh",
        "softplus",
        "identity",
        "dropout(0.3)",
    ] {
        // Inputs N(0, 3) reach both sides of every kink and the flat tails of σ and tanh.
        let x = batch(8, &[6], 3).map(|v| 3.0 * v);
        check_layers(&format!("linear(6), {act}"), &[6], &x);
    }
}

#[test]
fn flatten_and_a_vae_code_in_evaluation() {
    check_layers("flatten, linear(4)", &[2, 3, 4], &batch(3, &[2, 3, 4], 4));
    check_layers("linear(6), reparameterize", &[3], &batch(4, &[3], 5));
}
