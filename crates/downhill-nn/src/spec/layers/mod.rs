//! The description of each kind of layer: its arguments (torch's names and defaults), their checks,
//! its shape rule and how it builds. One file per kind; the registry lists them.
mod activations;
mod adaptive_avg_pool2d;
mod batch_norm;
mod conv2d;
mod dropout;
mod embedding;
mod flatten;
mod layer_norm;
mod linear;
mod multihead_attention;
mod pool2d;
mod positional;
mod recurrent;
mod residual;
mod transformer_encoder_layer;

pub use activations::{
    EluSpec, GeluSpec, IdentitySpec, LeakyReluSpec, ReluSpec, SigmoidSpec, SiluSpec, SoftplusSpec, TanhSpec,
};
pub use adaptive_avg_pool2d::AdaptiveAvgPool2dSpec;
pub use batch_norm::{BatchNorm1dSpec, BatchNorm2dSpec};
pub use conv2d::Conv2dSpec;
pub use dropout::DropoutSpec;
pub use embedding::EmbeddingSpec;
pub use flatten::{FlattenSpec, ReparameterizeSpec};
pub use layer_norm::LayerNormSpec;
pub use linear::LinearSpec;
pub use multihead_attention::MultiheadAttentionSpec;
pub use pool2d::{AvgPool2dSpec, MaxPool2dSpec, Window};
pub use positional::{PositionalEmbeddingSpec, PositionalEncodingSpec};
pub use recurrent::{GruSpec, LstmSpec, Nonlinearity, RnnSpec};
pub use residual::ResidualSpec;
pub use transformer_encoder_layer::{FeedForwardActivation, TransformerEncoderLayerSpec};
