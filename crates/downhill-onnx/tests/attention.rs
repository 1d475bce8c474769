//! embedding, the positional layers, multihead_attention and transformer_encoder_layer, causal or
//! not; against downhill's eval-mode forward (1e-5).
#![allow(clippy::unwrap_used)] // helpers outside #[test] functions
mod common;
use common::{batch, check_layers};
use downhill_tensor::{Rng, Tensor};

/// `n` sequences of `t` token ids below `vocab` (whole numbers carried as f32, as downhill does).
fn ids(n: usize, t: usize, vocab: usize, seed: u64) -> Tensor {
    let mut rng = Rng::seed(seed);
    Tensor::rand_uniform([n, t], 0.0, vocab as f32, &mut rng).map(f32::floor)
}

#[test]
fn embeddings_and_positions() {
    check_layers("embedding(6, num_embeddings=10)", &[5], &ids(3, 5, 10, 1));
    check_layers(
        "embedding(4, num_embeddings=7, padding_idx=0), positional_embedding",
        &[6],
        &ids(2, 6, 7, 2),
    );
    check_layers("positional_encoding", &[5, 6], &batch(2, &[5, 6], 3));
}

#[test]
fn self_attention_with_and_without_causal_mask() {
    check_layers("multihead_attention(2)", &[5, 8], &batch(3, &[5, 8], 4));
    check_layers("multihead_attention(4, causal=true, bias=false)", &[6, 8], &batch(2, &[6, 8], 5));
}

#[test]
fn transformer_encoder_layers_post_and_pre_norm() {
    check_layers("transformer_encoder_layer(2, dim_feedforward=16)", &[5, 8], &batch(3, &[5, 8], 6));
    let text = "transformer_encoder_layer(2, dim_feedforward=12, activation='gelu', norm_first=true, \
                causal=true, bias=false)";
    check_layers(text, &[4, 6], &batch(2, &[4, 6], 7));
}

#[test]
fn a_small_language_model_end_to_end() {
    let text = "embedding(8, num_embeddings=11), positional_embedding, \
                transformer_encoder_layer(2, dim_feedforward=16, causal=true), layer_norm(normalized_dims=1), linear(11)";
    check_layers(text, &[6], &ids(2, 6, 11, 8));
}
