//! Errors for user-supplied data that does not fit the shape it claims.
use crate::Shape;

/// A user-supplied buffer or nested list whose size does not match the requested shape.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShapeError {
    /// `data.len()` differs from the product of the requested dimensions.
    #[error("{context}: expected {expected} values for shape {shape}, got {actual}")]
    LengthMismatch {
        /// What was being built.
        context: &'static str,
        /// The shape asked for.
        shape: Shape,
        /// The values that shape holds.
        expected: usize,
        /// The values given.
        actual: usize,
    },
    /// Rows of a nested list have different lengths.
    #[error("{context}: row {row} has {actual} values but row 0 has {expected}")]
    RaggedRows {
        /// What was being built.
        context: &'static str,
        /// The first row whose length differs (0-based).
        row: usize,
        /// Row 0's length.
        expected: usize,
        /// That row's length.
        actual: usize,
    },
    /// A tensor has a different shape from the one required (e.g. loading pre-trained values).
    /// The shapes are boxed so that every `Result<_, ShapeError>` stays small.
    #[error("{context}: expected shape {expected}, got {actual}")]
    Mismatch {
        /// What was being checked (a parameter's name).
        context: String,
        /// The shape required.
        expected: Box<Shape>,
        /// The shape found.
        actual: Box<Shape>,
    },
}
