//! Data that an `embedding` layer reads as token ids. The ids travel as f32 features, so any column
//! of a CSV can reach the layer: each value is checked before training or prediction, and one that
//! is not a whole number in [0, num_embeddings) is an error naming its row and column, not a panic
//! in the middle of a forward pass. An embedding anywhere but first would read another layer's
//! outputs, which are not ids: such a stack is refused when it is checked against the data.
use crate::{Architecture, LearnError};
use downhill_nn::spec::{LayerSpec, SpecError};
use downhill_tensor::Tensor;

/// The table size of the stack's first layer when it is an embedding.
pub(crate) fn first_embedding(architecture: &Architecture) -> Option<usize> {
    match architecture {
        Architecture::Layers(l) => match l.layers.first() {
            Some(LayerSpec::Embedding(e)) => e.num_embeddings,
            _ => None,
        },
        Architecture::Mlp(_) => None,
    }
}

/// An embedding placed after another layer, as an error naming it.
pub(crate) fn check_embedding_first(layers: &[LayerSpec]) -> Result<(), SpecError> {
    match layers.iter().enumerate().skip(1).find(|(_, l)| matches!(l, LayerSpec::Embedding(_))) {
        Some((i, _)) => Err(SpecError::new(
            format!("embedding #{}", i + 1),
            "an embedding reads token ids, so it must be the first layer",
        )),
        None => Ok(()),
    }
}

/// Every value of `x` (rows of samples, named `what` in messages) is a valid id when the stack
/// starts with an embedding.
pub(crate) fn check_token_ids(
    architecture: &Architecture,
    x: &Tensor,
    what: &'static str,
) -> Result<(), LearnError> {
    let Some(n) = first_embedding(architecture) else { return Ok(()) };
    let cols = x.cols().max(1);
    match x.data().iter().position(|&v| !(v.fract() == 0.0 && v >= 0.0 && v < n as f32)) {
        Some(at) => {
            Err(LearnError::BadTokenId { what, row: at / cols, col: at % cols, value: x.data()[at], n })
        }
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{parse_layers, LayerStack};

    fn stack(text: &str) -> Architecture {
        Architecture::Layers(LayerStack { input_shape: vec![2], layers: parse_layers(text).unwrap() })
    }

    #[test]
    fn ids_outside_the_table_name_their_row_and_column() {
        let a = stack("embedding(3, num_embeddings=5), flatten, linear(2)");
        let good = Tensor::from_rows(&[[0.0, 4.0], [2.0, 1.0]]).unwrap();
        assert!(check_token_ids(&a, &good, "x").is_ok());
        for (bad, col) in [([1.0, 5.0], 1), ([2.5, 1.0], 0), ([-1.0, 0.0], 0)] {
            let x = Tensor::from_rows(&[[0.0, 1.0], bad]).unwrap();
            let e = check_token_ids(&a, &x, "x").unwrap_err().to_string();
            assert!(e.contains(&format!("row 2, column {}", col + 1)) && e.contains("[0, 5)"), "{e}");
        }
        // No embedding first: any values pass.
        assert!(
            check_token_ids(&stack("linear(2)"), &Tensor::from_rows(&[[0.5, -3.0]]).unwrap(), "x").is_ok()
        );
    }

    #[test]
    fn an_embedding_after_another_layer_is_refused() {
        let layers = parse_layers("linear(4), embedding(3, num_embeddings=5)").unwrap();
        let e = check_embedding_first(&layers).unwrap_err().to_string();
        assert!(e.contains("embedding #2") && e.contains("first layer"), "{e}");
        assert!(check_embedding_first(&parse_layers("embedding(3, num_embeddings=5), linear(2)").unwrap())
            .is_ok());
    }
}
