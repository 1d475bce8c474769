//! Shape inference for a layer stack: each layer's per-sample output shape in turn, so a stack that
//! does not fit its input is an error before anything is built or trained, naming the layer and
//! both shapes.
use crate::spec::{error::position, LayerSpec, SpecError};

/// The per-sample output shape of every layer for a per-sample `input` (`[1, 28, 28]`, `[784]`).
pub fn output_shapes(layers: &[LayerSpec], input: &[usize]) -> Result<Vec<Vec<usize>>, SpecError> {
    if input.is_empty() || input.contains(&0) {
        let shape = crate::spec::layer_kind::shape_text(input);
        return Err(SpecError::new(
            "input",
            format!("shape {shape} must have at least one dimension, none 0"),
        ));
    }
    if numel(input).is_none() {
        return Err(SpecError::new("input", too_large(input)));
    }
    let mut shapes = Vec::with_capacity(layers.len());
    let mut current = input.to_vec();
    for (i, layer) in layers.iter().enumerate() {
        current = layer.output_shape(&current).map_err(|p| SpecError::new(position(layer.name(), i), p))?;
        if numel(&current).is_none() {
            return Err(SpecError::new(
                position(layer.name(), i),
                format!("its output {}", too_large(&current)),
            ));
        }
        shapes.push(current.clone());
    }
    Ok(shapes)
}

/// How many values a shape holds, or `None` when that count overflows `usize` (a shape no
/// machine can hold, and whose wrapped product would pass for a small one).
pub fn numel(dims: &[usize]) -> Option<usize> {
    downhill_tensor::Shape::from(dims).checked_numel()
}

fn too_large(dims: &[usize]) -> String {
    let shape = crate::spec::layer_kind::shape_text(dims);
    format!("shape {shape} holds more values than a machine can address: give smaller sizes")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::parse_layers;

    fn shapes(text: &str, input: &[usize]) -> Result<Vec<Vec<usize>>, String> {
        output_shapes(&parse_layers(text).unwrap(), input).map_err(|e| e.to_string())
    }

    #[test]
    fn sizes_whose_count_overflows_are_errors_not_wrapped_products() {
        // (2^62 + 1) · 4 wraps to 4 in usize: it must not pass for a 4-value shape.
        let e = shapes("flatten, linear(3)", &[4, (1 << 62) + 1]).unwrap_err();
        assert!(e.starts_with("input: shape [4, 4611686018427387905] holds more values than"), "{e}");
        let e = shapes("linear(4611686018427387905), linear(3)", &[4, 4]).unwrap_err();
        assert!(e.starts_with("linear #1: its output shape [4, 4611686018427387905] holds more"), "{e}");
        let e = shapes(&format!("conv2d(2, 1, padding={}), flatten, linear(3)", usize::MAX), &[1, 2, 2])
            .unwrap_err();
        assert!(e.starts_with("conv2d #1") && e.contains("too large to compute with"), "{e}");
        assert_eq!(numel(&[3, 5, 7]), Some(105));
    }

    #[test]
    fn follows_torch_output_sizes_through_a_cnn() {
        let s = shapes(
            "conv2d(16, 5, padding=2), relu, max_pool2d(2), conv2d(32, 5, padding=2), relu, max_pool2d(2), \
             flatten, linear(10)",
            &[1, 28, 28],
        )
        .unwrap();
        assert_eq!(s[0], [16, 28, 28]);
        assert_eq!(s[2], [16, 14, 14]);
        assert_eq!(s[5], [32, 7, 7]);
        assert_eq!(s[6], [1568]);
        assert_eq!(s[7], [10]);
        // (9 + 2·1 − 2·(3−1) − 1)/2 + 1 = 4 and (7 + 0 − 1·(1−1) − 1)/1 + 1 = 7
        let s =
            shapes("conv2d(4, (3, 1), stride=(2, 1), padding=(1, 0), dilation=(2, 1))", &[3, 9, 7]).unwrap();
        assert_eq!(s[0], [4, 4, 7]);
        assert_eq!(shapes("adaptive_avg_pool2d((3, 2))", &[2, 7, 5]).unwrap()[0], [2, 3, 2]);
    }

    #[test]
    fn a_stack_that_does_not_fit_names_the_layer_and_both_shapes() {
        let e = shapes("flatten, conv2d(4, 3)", &[1, 8, 8]).unwrap_err();
        assert!(e.contains("conv2d #2") && e.contains("[C, H, W]") && e.contains("[64]"), "{e}");
        let e = shapes("conv2d(4, 9)", &[1, 8, 8]).unwrap_err();
        assert!(e.contains("conv2d #1") && e.contains("9") && e.contains("8"), "{e}");
        let e = shapes("conv2d(4, 3, groups=2)", &[3, 8, 8]).unwrap_err();
        assert!(e.contains("groups") && e.contains("3"), "{e}");
        let e = shapes("batch_norm2d", &[10]).unwrap_err();
        assert!(e.contains("batch_norm2d #1"), "{e}");
        assert!(shapes("relu", &[]).unwrap_err().contains("input"));
    }
}
