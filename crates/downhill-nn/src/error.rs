//! Errors from user-supplied configuration or values.
use crate::spec::SpecError;
use downhill_tensor::ShapeError;

/// Everything that can go wrong building a network, reading its description or loading its values.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum NnError {
    /// A hyperparameter outside its valid range; names the option, the rule and the value given.
    #[error("invalid {name} = {value}: must be {rule}")]
    InvalidParam {
        /// The option (`dropout`, `batch-norm momentum`, `init`).
        name: &'static str,
        /// What it must be (`a probability in [0, 1]`, or the accepted names).
        rule: &'static str,
        /// The value given, as text.
        value: String,
    },
    /// Pre-trained values with the wrong shape.
    #[error(transparent)]
    Shape(#[from] ShapeError),
    /// A layer description that does not read or does not fit its input.
    #[error(transparent)]
    Spec(#[from] SpecError),
    /// A state dictionary lacks a value the model needs.
    #[error("missing value for `{name}`; the model expects: {expected}")]
    Missing {
        /// The parameter or buffer's name (`layers.0.weight`).
        name: String,
        /// Every name the model expects with its shape, comma-separated.
        expected: String,
    },
    /// A state dictionary has a value the model does not know.
    #[error("unexpected value `{name}`; the model expects: {expected}")]
    Unexpected {
        /// The name given that the model has no parameter or buffer for.
        name: String,
        /// Every name the model expects with its shape, comma-separated.
        expected: String,
    },
}

impl NnError {
    pub(crate) fn invalid(name: &'static str, rule: &'static str, value: impl ToString) -> NnError {
        NnError::InvalidParam { name, rule, value: value.to_string() }
    }
}
