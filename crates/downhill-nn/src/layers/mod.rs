//! Layers: each one file implementing `Module`.
mod activation;
mod batch_norm;
mod batch_norm2d;
mod conv2d;
mod dropout;
mod embedding;
mod flatten;
mod layer_norm;
mod linear;
mod pool2d;
mod recurrent;
mod residual;
mod sequential;

pub use activation::Activation;
pub use batch_norm::BatchNorm1d;
pub use batch_norm2d::BatchNorm2d;
pub use conv2d::Conv2d;
pub use dropout::Dropout;
pub use embedding::Embedding;
pub use flatten::Flatten;
pub use layer_norm::LayerNorm;
pub use linear::Linear;
pub use pool2d::{AdaptiveAvgPool2d, Pool2d, PoolKind};
pub use recurrent::{Recurrent, RecurrentOptions};
pub use residual::Residual;
pub use sequential::Sequential;
