//! Whether a stack is causal over a sequence: output step t depends on input steps ≤ t only. A
//! language model trained to predict the character after each step from a stack that looks ahead
//! learns to copy the answer it can see (its training loss falls toward 0 while its samples are
//! noise), so the text pipeline refuses such a stack before training. Looking ahead: attention
//! without `causal=true`, a bidirectional recurrent layer, a layer norm over all steps at once.
use crate::spec::error::position;
use crate::spec::{output_shapes, LayerSpec, SpecError};

/// `Ok` when every layer of `layers`, reading per-sample sequences `input` [T, ...], keeps step t
/// blind to later steps; otherwise the first that does not, named with its position.
pub fn check_causal(layers: &[LayerSpec], input: &[usize]) -> Result<(), SpecError> {
    let shapes = output_shapes(layers, input)?;
    let inputs = std::iter::once(input).chain(shapes.iter().map(Vec::as_slice));
    for (i, (layer, input)) in layers.iter().zip(inputs).enumerate() {
        if let Some(why) = layer.looks_ahead(input) {
            return Err(SpecError::new(position(layer.name(), i), why));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::parse_layers;

    fn verdict(text: &str) -> Result<(), String> {
        let layers = parse_layers(text).unwrap();
        check_causal(&layers, &[6]).map_err(|e| e.to_string())
    }

    #[test]
    fn per_step_and_causal_layers_pass() {
        let ok = "embedding(8, num_embeddings=5), positional_encoding, positional_embedding, \
                  multihead_attention(2, causal=true), transformer_encoder_layer(2, 16, causal=true), \
                  lstm(8), gru(8, num_layers=2), rnn(8), dropout, gelu, layer_norm(normalized_dims=1), \
                  residual(linear(8), relu), linear(5)";
        assert_eq!(verdict(ok), Ok(()));
    }

    #[test]
    fn each_layer_that_looks_ahead_is_named_with_its_fix() {
        let e = verdict("embedding(8, num_embeddings=5), multihead_attention(2), linear(5)").unwrap_err();
        assert!(e.contains("multihead_attention #2") && e.contains("causal=true"), "{e}");
        let e = verdict("embedding(8, num_embeddings=5), transformer_encoder_layer(2, 8), linear(5)")
            .unwrap_err();
        assert!(e.contains("transformer_encoder_layer #2") && e.contains("causal=true"), "{e}");
        let e =
            verdict("embedding(8, num_embeddings=5), lstm(4, bidirectional=true), linear(5)").unwrap_err();
        assert!(e.contains("lstm #2") && e.contains("bidirectional"), "{e}");
        let e = verdict("embedding(8, num_embeddings=5), layer_norm, linear(5)").unwrap_err();
        assert!(e.contains("layer_norm #2") && e.contains("normalized_dims=1"), "{e}");
        let e = verdict("embedding(8, num_embeddings=5), residual(multihead_attention(2)), linear(5)")
            .unwrap_err();
        assert!(e.contains("residual #2") && e.contains("multihead_attention #1"), "{e}");
    }
}
