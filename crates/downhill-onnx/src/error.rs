//! What can stop an export: a layer whose weights do not fit its description (a missing or
//! misshapen parameter), a stack that does not fit its input, or preprocessing that cannot be
//! written. Each is one line naming the layer (`lstm #2 (layers.1)`) or column and what is wrong.
use downhill_nn::spec::SpecError;

/// Why a model could not be exported.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// A layer that cannot be written as ONNX.
    #[error("{at} cannot be exported to ONNX: {problem}")]
    Layer {
        /// The layer's kind, position and parameter prefix: `lstm #2 (layers.1)`.
        at: String,
        /// What is wrong, e.g. a parameter missing from the weights.
        problem: String,
    },
    /// The layer stack does not fit the model's input shape.
    #[error("the model's layers do not fit its input: {0}")]
    Shape(#[from] SpecError),
    /// The stored preprocessing does not give the model's inputs.
    #[error(
        "the preprocessing gives {preprocessed} features but the model reads {model}; retrain the model"
    )]
    Width {
        /// Features the preprocessing writes.
        preprocessed: usize,
        /// Features the model reads.
        model: usize,
    },
    /// The stored preprocessing of a column cannot be written.
    #[error("the preprocessing of column '{column}' cannot be exported to ONNX: {problem}")]
    Preprocessing {
        /// The input column.
        column: String,
        /// What is wrong.
        problem: String,
    },
}
