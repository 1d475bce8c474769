//! Batch and layer normalisation in evaluation mode (running statistics drawn at random) and
//! residual blocks, against downhill's eval-mode forward (1e-5).
mod common;
use common::{batch, check_layers};

#[test]
fn batch_norm_uses_the_running_statistics() {
    check_layers("linear(6), batch_norm1d", &[4], &batch(5, &[4], 1));
    check_layers("batch_norm2d(eps=0.001, affine=false)", &[3, 4, 4], &batch(2, &[3, 4, 4], 2));
}

#[test]
fn layer_norm_over_all_or_the_last_dimensions() {
    check_layers("layer_norm", &[5], &batch(4, &[5], 3));
    check_layers("layer_norm(normalized_dims=1, bias=false)", &[4, 6], &batch(3, &[4, 6], 4));
    check_layers("layer_norm(elementwise_affine=false)", &[2, 3, 4], &batch(3, &[2, 3, 4], 5));
}

#[test]
fn residual_blocks_with_and_without_projection() {
    check_layers("residual(linear(4), relu, linear(4))", &[4], &batch(4, &[4], 6));
    // A width change: the shortcut is linear(6, bias=false), `projection.weight`.
    check_layers("residual(linear(6), tanh)", &[4], &batch(4, &[4], 7));
    // A stride-2 body: the shortcut is a 1×1 stride-2 convolution; nested blocks name `body.{i}`.
    let text =
        "residual(conv2d(4, 3, stride=2, padding=1), batch_norm2d, relu, residual(conv2d(4, 3, padding=1)))";
    check_layers(text, &[2, 7, 7], &batch(2, &[2, 7, 7], 8));
}
