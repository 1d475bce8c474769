//! Neural-network building blocks: parameters organised in modules, layers, initialisation schemes,
//! losses and penalty terms. The train/eval mode travels in a `Ctx` value, never a global.

mod buffer;
mod ctx;
mod error;
mod init;
pub mod layers;
pub mod losses;
mod mlp;
mod module;
mod regularizers;
pub mod spec;
mod unit_probe;

pub use buffer::Buffer;
pub use ctx::{Ctx, Mode};
pub use error::NnError;
pub use init::Init;
pub use layers::{
    sinusoids, Activation, AdaptiveAvgPool2d, AttentionOptions, BatchNorm1d, BatchNorm2d, Conv2d, Dropout,
    Embedding, EncoderOptions, Flatten, GaussianCode, LayerNorm, Linear, MultiheadAttention, Pool2d,
    PoolKind, PositionalEmbedding, PositionalEncoding, Recurrent, RecurrentOptions, Reparameterize, Residual,
    Sequential, TransformerEncoderLayer,
};
pub use losses::{concomitant_scale, BceWithLogits, CrossEntropy, Hinge, Huber, Loss, Mae, Mse, ScaledHuber};
pub use mlp::Mlp;
pub use module::{load_state, state_dict, Module};
pub use regularizers::{elastic_net_penalty, l1_penalty, l2_penalty};
pub use unit_probe::{UnitStats, SIGMOID_SATURATION, TANH_SATURATION};
