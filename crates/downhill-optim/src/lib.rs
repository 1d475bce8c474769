//! Gradient-descent optimizers with `torch.optim` semantics, built optax-style as chains of small
//! transforms over *all* parameters at once, plus learning-rate schedules as pure functions.
//!
//! ```
//! use downhill_optim::{AdamOptions, ClipByGlobalNorm, Cosine, Links, Lr, Optimizer, Preset, Tensor};
//! let lr = Lr::new(Cosine { base: 0.1, eta_min: 0.0, t_max: 100 });
//! let tx = AdamOptions::default().build_with(Links::lr(lr)).unwrap().after(ClipByGlobalNorm(1.0));
//! let mut params = vec![Tensor::vector(vec![3.0, -2.0])];
//! let mut opt = Optimizer::new(tx, &params);
//! for _ in 0..100 {
//!     let grads = vec![params[0].clone()]; // minimise 0.5 |p|^2
//!     opt.step(&mut params, grads);
//! }
//! assert!(params[0].sum_squares() < 1e-2);
//! ```

#[macro_use]
mod chain;
mod blocks;
mod descent;
mod describe;
mod error;
mod fused;
mod groups;
mod kernel;
mod lbfgs;
mod optimizer;
mod parse_enum;
mod presets;
mod saved_state;
mod schedule;
mod transform;
mod transforms;

pub use chain::Chain;
pub use descent::{descend, Clip, Entry, Method, Trajectory};
pub use describe::{
    Described, Field, Hyper, Links, OptionInfo, PairRange, Preset, Range, Required, Value, ValueKind,
};
pub use downhill_tensor::{Float, Tensor};
pub use error::OptimError;
pub use fused::Stage;
pub use groups::Groups;
pub use kernel::{Kernel, PARALLEL_MIN};
pub use lbfgs::{Lbfgs, LbfgsHistory, LbfgsOptions, LbfgsState, LineSearch};
pub use optimizer::Optimizer;
pub use presets::*;
pub use schedule::*;
pub use transform::{State, Transform};
pub use transforms::*;
