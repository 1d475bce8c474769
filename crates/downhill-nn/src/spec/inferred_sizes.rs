//! Sizes the data sets: in a language model's stack, `embedding` without `num_embeddings` gets the
//! vocabulary size, and so does `linear` without `out_features` (the logits over the next token);
//! in an estimator's stack, `linear` without `out_features` gets the model's outputs (the classes,
//! one value, or an autoencoder's input width). Other sizes are left as written.
use crate::spec::LayerSpec;

/// `layers` with the sizes left out filled with `vocab`.
pub fn with_vocabulary(layers: &[LayerSpec], vocab: usize) -> Vec<LayerSpec> {
    let mut layers = layers.to_vec();
    for layer in &mut layers {
        match layer {
            LayerSpec::Embedding(e) => e.num_embeddings = e.num_embeddings.or(Some(vocab)),
            LayerSpec::Linear(l) => l.out_features = l.out_features.or(Some(vocab)),
            _ => {}
        }
    }
    layers
}

/// `layers` with every `linear` left without a size given `outputs` features.
pub fn with_outputs(layers: &[LayerSpec], outputs: usize) -> Vec<LayerSpec> {
    let mut layers = layers.to_vec();
    for layer in &mut layers {
        if let LayerSpec::Linear(l) = layer {
            l.out_features = l.out_features.or(Some(outputs));
        }
    }
    layers
}

#[cfg(test)]
mod tests {
    use crate::spec::{layers_text, output_shapes, parse_layers};

    #[test]
    fn left_out_sizes_become_the_vocabulary_and_print_back() {
        let layers = parse_layers("embedding(16), linear(8), relu, linear").unwrap();
        let e = output_shapes(&layers, &[5]).unwrap_err().to_string();
        assert!(e.contains("embedding #1") && e.contains("num_embeddings"), "{e}");
        let filled = super::with_vocabulary(&layers, 65);
        assert_eq!(output_shapes(&filled, &[5]).unwrap().last().unwrap(), &[5, 65]);
        assert_eq!(layers_text(&filled), "embedding(16, num_embeddings=65), linear(8), relu, linear(65)");
        assert_eq!(layers_text(&layers), "embedding(16), linear(8), relu, linear");
        let e = output_shapes(&parse_layers("linear").unwrap(), &[3]).unwrap_err().to_string();
        assert!(e.contains("linear #1") && e.contains("linear(N)"), "{e}");
        let p = parse_layers("embedding(4, padding_idx=0, num_embeddings=9)").unwrap();
        assert_eq!(layers_text(&p), "embedding(4, padding_idx=0, num_embeddings=9)");
        assert!(parse_layers("embedding(4, padding_idx=9, num_embeddings=9)").is_err());
    }

    #[test]
    fn left_out_linear_sizes_become_the_outputs() {
        let layers = parse_layers("linear(32), relu, linear, sigmoid").unwrap();
        let filled = super::with_outputs(&layers, 64);
        assert_eq!(layers_text(&filled), "linear(32), relu, linear(64), sigmoid");
        assert_eq!(output_shapes(&filled, &[64]).unwrap().last().unwrap(), &[64]);
    }
}
