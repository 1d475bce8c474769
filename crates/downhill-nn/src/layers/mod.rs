//! Layers: each one file implementing `Module`.
mod activation;
mod batch_norm;
mod dropout;
mod linear;
mod sequential;

pub use activation::Activation;
pub use batch_norm::BatchNorm1d;
pub use dropout::Dropout;
pub use linear::Linear;
pub use sequential::Sequential;
