//! Neural-network building blocks: parameters organised in modules, layers, initialisation schemes,
//! losses and penalty terms, on top of downhill-autograd's tape. The train/eval mode travels in a
//! [`Ctx`] value, never a global.
//!
//! ```text
//! Module                 forward(&Ctx, Var) -> Var, params(), buffers(), describe(); every layer is one
//! Sequential, Residual   containers, naming their children's parameters `layers.0.weight`, `body.1.bias`
//! layers                 Linear, Conv2d, pools, BatchNorm1d/2d, LayerNorm, Dropout, Embedding, Recurrent
//!                        (RNN, LSTM, GRU), MultiheadAttention, TransformerEncoderLayer, Activation, ...:
//!                        torch's layouts, parameter names and default initialisation
//! Ctx, Mode              the tape, train or eval, and the generator dropout draws from
//! Init                   weight initialisation (Xavier, He, LeCun, torch's nn.Linear default)
//! Loss                   Mse, Mae, Huber, ScaledHuber, BceWithLogits, CrossEntropy, Hinge: a mean over
//!                        the batch
//! l1/l2/elastic_net_penalty   penalty terms added to a loss
//! Mlp                    a builder for multi-layer perceptrons
//! spec                   layer stacks as data: `conv2d(16, 5), relu, flatten, linear(10)` parsed,
//!                        shape-checked and built (Sequential::from_spec), stored in model files
//! state_dict, load_state every parameter and buffer by name, for saving and loading (pre-trained) values
//! ```
//! Shapes follow torch: a batch comes first ([N, features], [N, C, H, W], [N, T, E]). Tensor math
//! panics on mismatched shapes (a programmer error); user-facing configuration (a description, an
//! option, a state dictionary) returns [`NnError`].
//!
//! ```
//! use downhill_autograd::Tape;
//! use downhill_nn::{Ctx, Loss, Mlp, Module, Mse};
//! use downhill_tensor::Tensor;
//! // Fit y = 2x on four points with a 1 → 8 → 1 relu network and plain gradient descent.
//! let x = Tensor::from_rows(&[[-1.0], [-0.5], [0.5], [1.0]]).unwrap();
//! let y = x.map(|v| 2.0 * v);
//! let mut net = Mlp::new(&[1, 8, 1]).seed(0).build().unwrap();
//! let mut losses = Vec::new();
//! for step in 0..100 {
//!     let tape = Tape::new();
//!     let cx = Ctx::train(&tape, step);
//!     let loss = Mse.loss(net.forward(&cx, tape.leaf(x.clone())), tape.leaf(y.clone()));
//!     losses.push(loss.value().data()[0]);
//!     let grads = tape.backward(loss);
//!     for p in net.params_mut() {
//!         let g = grads.get(p).unwrap().clone();
//!         p.value.update_with(&g, |w, g| w - 0.1 * g);
//!     }
//! }
//! // Seeded, so the run is the same every time; the loss falls more than a hundredfold.
//! assert!(losses[99] < losses[0] / 100.0, "{} -> {}", losses[0], losses[99]);
//! ```
#![warn(missing_docs)]

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
