//! `positional_embedding` (learned, one vector per position up to the input's T) and
//! `positional_encoding` (fixed sinusoids): each adds a position signal to a [T, E] sequence, so
//! attention, which is blind to order, can tell steps apart. Shapes [T, E] → [T, E].
use crate::layers::{PositionalEmbedding, PositionalEncoding};
use crate::spec::layer_kind::shape_text;
use crate::spec::{LayerInfo, LayerKind};
use crate::Module;
use downhill_tensor::Rng;
use serde::{Deserialize, Serialize};

fn sequence(input: &[usize]) -> Result<Vec<usize>, String> {
    match *input {
        [t, e] if t > 0 && e > 0 => Ok(input.to_vec()),
        _ => Err(format!("needs a [T, E] input (an embedding gives one), got {}", shape_text(input))),
    }
}

/// `positional_embedding`: a [`PositionalEmbedding`] with one learned vector per position of the
/// [T, E] input (so generation must not exceed the training T).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PositionalEmbeddingSpec {}

impl LayerKind for PositionalEmbeddingSpec {
    const INFO: LayerInfo = LayerInfo {
        name: "positional_embedding",
        help: "adds a learned vector per position (T positions, the context) to [T, E]",
        args: &[],
    };
    fn output_shape(&self, input: &[usize]) -> Result<Vec<usize>, String> {
        sequence(input)
    }
    fn build(&self, input: &[usize], rng: &mut Rng) -> Box<dyn Module> {
        Box::new(PositionalEmbedding::new(input[0], input[1], rng))
    }
}

/// `positional_encoding`: a [`PositionalEncoding`] adding fixed sinusoids to a [T, E] input.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PositionalEncodingSpec {}

impl LayerKind for PositionalEncodingSpec {
    const INFO: LayerInfo = LayerInfo {
        name: "positional_encoding",
        help: "adds fixed sinusoids sin/cos(t / 10000^(2i/E)) to [T, E]; no parameters",
        args: &[],
    };
    fn output_shape(&self, input: &[usize]) -> Result<Vec<usize>, String> {
        sequence(input)
    }
    fn build(&self, _input: &[usize], _rng: &mut Rng) -> Box<dyn Module> {
        Box::new(PositionalEncoding)
    }
}
