//! Errors in a layer description: where (the layer and its position, `conv2d #4`, nested as
//! `residual #5 > conv2d #2`) and what is wrong, on one line.
/// A layer description that does not read, is out of range or does not fit its input, shown as
/// `{at}: {problem}` (`conv2d #1: kernel 5: a window of 5 does not fit an input of 3 with padding 0`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{at}: {problem}")]
pub struct SpecError {
    /// The layer and its 1-based position in the stack, or `layers` for the stack as a whole.
    pub at: String,
    /// What is wrong and, where there is one, the fix (`` `dropout` must be in [0, 1), got 1.5 ``).
    pub problem: String,
}

impl SpecError {
    /// The error `problem` at the place `at` (`conv2d #4`).
    pub fn new(at: impl Into<String>, problem: impl Into<String>) -> SpecError {
        SpecError { at: at.into(), problem: problem.into() }
    }
}

/// `conv2d #4`: how a layer is named in messages (positions count from 1).
pub(crate) fn position(name: &str, index: usize) -> String {
    format!("{name} #{}", index + 1)
}
