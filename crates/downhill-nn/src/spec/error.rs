//! Errors in a layer description: where (the layer and its position, `conv2d #4`, nested as
//! `residual #5 > conv2d #2`) and what is wrong, on one line.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{at}: {problem}")]
pub struct SpecError {
    /// The layer and its 1-based position in the stack, or `layers` for the stack as a whole.
    pub at: String,
    pub problem: String,
}

impl SpecError {
    pub fn new(at: impl Into<String>, problem: impl Into<String>) -> SpecError {
        SpecError { at: at.into(), problem: problem.into() }
    }
}

/// `conv2d #4`: how a layer is named in messages (positions count from 1).
pub(crate) fn position(name: &str, index: usize) -> String {
    format!("{name} #{}", index + 1)
}
