//! downhill: train machine-learning models by gradient descent.
//!
//! This facade re-exports the workspace crates; `use downhill::prelude::*` brings the everyday names.
//! The layering is `tensor ← autograd ← nn ← learn`, `tensor ← optim ← learn` and `tensor ← data`.

pub use downhill_autograd as autograd;
pub use downhill_data as data;
pub use downhill_learn as learn;
pub use downhill_nn as nn;
pub use downhill_optim as optim;
pub use downhill_tensor as tensor;

pub mod prelude;
mod step;

pub use step::{apply_step, param_values};

/// The README's Rust examples, compiled and run as doctests (`rust,ignore` blocks excepted).
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
