//! The one error this crate has: a function name `FromStr` does not know.
use std::fmt;

/// An unknown test-function name, with the accepted names for the message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownFunction {
    /// The name given.
    pub name: String,
    /// The names accepted, comma-separated.
    pub accepted: String,
}

impl fmt::Display for UnknownFunction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown function `{}`; accepted: {}", self.name, self.accepted)
    }
}

impl std::error::Error for UnknownFunction {}
