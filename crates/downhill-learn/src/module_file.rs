//! Module files: a network trained in a loop of one's own (no estimator), saved with the layer
//! description it was built from, so it can be rebuilt and loaded without the code that made it.
//! One safetensors file, like a model file (model_file.rs): the tensors are the parameters and
//! buffers under their own names (`layers.0.weight`, ...; any safetensors reader opens it) and
//! `__metadata__` holds
//!   format  "downhill-module"    format_version  "1"
//!   stack   the `LayerStack` as JSON (input shape and layers)    layers  the layers as text, to read
//! Loading rebuilds `Sequential::from_spec(layers, input_shape)` and loads the weights by name, so
//! a file whose tensors do not fit its description is refused, as is one saved from a network
//! that does not match the description given (checked at save time).
use crate::model_file::{check_format, entry};
use crate::tensor_file::{self, Metadata};
use crate::{LayerStack, LearnError, ModelFileError};
use downhill_nn::spec::layers_text;
use downhill_nn::{load_state, state_dict, Module, Sequential};
use std::path::Path;

/// The `format` a module file's metadata holds, telling it from a model or checkpoint.
pub const MODULE_FORMAT: &str = "downhill-module";
/// The module file format version this build writes and reads.
pub const MODULE_FORMAT_VERSION: u32 = 1;

/// Writes `net`'s parameters and buffers with the description `stack` it was built from
/// (`Sequential::from_spec(&stack.layers, &stack.input_shape, seed)`), atomically. A network
/// that does not match `stack` (other names or shapes) is an error, before anything is written.
///
/// ```
/// use downhill_learn::{load_module, parse_layers, save_module, LayerStack};
/// use downhill_nn::Sequential;
/// let stack = LayerStack { input_shape: vec![4], layers: parse_layers("linear(8), relu, linear(3)")? };
/// let net = Sequential::from_spec(&stack.layers, &stack.input_shape, 0)?;
/// # let dir = std::env::temp_dir().join(format!("downhill-module-doc-{}", std::process::id()));
/// # std::fs::create_dir_all(&dir)?;
/// let path = dir.join("net.safetensors");
/// save_module(&path, &stack, &net)?;
/// let (read, loaded) = load_module(&path)?;
/// assert_eq!(read, stack);
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn save_module(path: impl AsRef<Path>, stack: &LayerStack, net: &dyn Module) -> Result<(), LearnError> {
    let tensors = state_dict(net);
    let mut rebuilt = Sequential::from_spec(&stack.layers, &stack.input_shape, 0)?;
    load_state(&mut rebuilt, &tensors)?; // the description and the network agree
    let meta = Metadata::from([
        ("format".into(), MODULE_FORMAT.into()),
        ("format_version".into(), MODULE_FORMAT_VERSION.to_string()),
        ("stack".into(), serde_json::to_string(stack).unwrap_or_else(|e| panic!("plain data: {e}"))),
        ("layers".into(), layers_text(&stack.layers)),
    ]);
    Ok(tensor_file::write(path.as_ref(), &tensors, meta)?)
}

/// Reads a file written by `save_module`: the description and the network with its weights.
pub fn load_module(path: impl AsRef<Path>) -> Result<(LayerStack, Sequential), ModelFileError> {
    let path = path.as_ref();
    let (tensors, meta) = tensor_file::read(path)?;
    check_format(path, &meta, MODULE_FORMAT, "module", MODULE_FORMAT_VERSION)?;
    let corrupt =
        |what: &'static str, detail: String| ModelFileError::Corrupt { path: path.into(), what, detail };
    let stack: LayerStack = entry(&meta, "stack").map_err(|e| corrupt("stack", e))?;
    let mut net = Sequential::from_spec(&stack.layers, &stack.input_shape, 0)
        .map_err(|e| corrupt("stack", e.to_string()))?;
    load_state(&mut net, &tensors).map_err(|e| corrupt("weights", e.to_string()))?;
    Ok((stack, net))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_layers;
    use downhill_autograd::Tape;
    use downhill_nn::Ctx;
    use downhill_tensor::{Rng, Tensor};

    fn forward(net: &mut Sequential, x: &Tensor) -> Tensor {
        let tape = Tape::new();
        let out = net.forward(&Ctx::eval(&tape), tape.leaf(x.clone())).value().clone();
        out
    }

    #[test]
    fn a_trained_network_round_trips_with_identical_outputs() {
        let layers = parse_layers("linear(8), batch_norm1d, tanh, linear(2)").unwrap();
        let stack = LayerStack { input_shape: vec![3], layers };
        let mut net = Sequential::from_spec(&stack.layers, &stack.input_shape, 7).unwrap();
        // Move the weights and running statistics away from a fresh build, as training would.
        let x = Tensor::rand_normal([16, 3], 0.0, 1.0, &mut Rng::seed(1));
        let tape = Tape::new();
        let _ = net.forward(&Ctx::train(&tape, 0), tape.leaf(x.clone()));
        net.params_mut().into_iter().for_each(|p| p.value = p.value.map(|v| v * 1.5 + 0.25));
        let dir = std::env::temp_dir().join(format!("downhill-module-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("net.safetensors");
        save_module(&path, &stack, &net).unwrap();
        let (read, mut loaded) = load_module(&path).unwrap();
        assert_eq!(read, stack);
        let bits = |t: &Tensor| t.data().iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        // Bitwise: the same f32 values through the same eval-mode ops.
        assert_eq!(bits(&forward(&mut loaded, &x)), bits(&forward(&mut net, &x)));

        let other =
            LayerStack { input_shape: vec![3], layers: parse_layers("linear(4), linear(2)").unwrap() };
        assert!(save_module(&path, &other, &net).is_err(), "a description that does not fit the network");
        let err = crate::load_model(&path).unwrap_err().to_string();
        assert!(err.contains("not a downhill model"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
