//! Gradient-descent optimizers with `torch.optim` semantics, built optax-style as chains of small
//! transforms over *all* parameters at once, plus learning-rate schedules as pure functions.
//! The crate needs only tensors: gradients come from anywhere (autograd, a hand-written formula,
//! a test), so every optimizer is testable with hand-made gradients.
//!
//! # How the pieces fit
//!
//! - [`Transform`]: one stage of an update rule, mapping the updates of every parameter at once
//!   (`u = g` on entry), with what it remembers kept apart as plain data in a [`State`]. The
//!   stages are small: [`ScaleByAdam`], [`Momentum`], [`AddDecayedWeights`], [`ClipByGlobalNorm`],
//!   [`ScaleByLr`] (the `-lr_t` factor, last in every preset), and more.
//! - [`Chain`]: transforms run one after another, itself a `Transform` (built with [`chain!`],
//!   [`Chain::then`] or [`Chain::after`]).
//! - Presets: one options struct per torch optimizer whose `Default` is torch's defaults
//!   ([`SgdOptions`], [`AdamOptions`], [`AdamWOptions`], ...). Each is a [`Preset`]: it checks its
//!   options and builds its chain, with a constant rate ([`adam`], [`sgd`], ...) or with a
//!   schedule and other [`Links`]. [`OptimizerConfig`] and [`OptimizerKind`] name them for model
//!   files and the command line.
//! - [`Optimizer`]: a transform and its state applied to a list of parameters: `step` does
//!   `p += tx(g)`; `save` and `load` make a resumed run take bit-identical steps.
//! - Schedules: a [`Schedule`] is a pure function `step -> lr` ([`Cosine`], [`StepLr`],
//!   [`OneCycle`], [`warmup`], ...); an [`Lr`] holds one, or a constant, for the rate link.
//!   [`ScheduleConfig`] is the serialisable choice; [`ReduceOnPlateau`] reads a metric instead.
//! - [`Lbfgs`]: a solver driven by a closure rather than a chain; [`descend`] runs a chain or
//!   L-BFGS on a function and records the [`Trajectory`] (`downhill optimize`).
//! - Every options struct describes its options once ([`Described`], [`Hyper`]): name, range and
//!   help, from which validation, the CLI's flags and help and the errors are derived.
//!
//! User input (options, names, state files) returns `Result<_, OptimError>` with an error naming
//! the option and the rule; tensor math panics on programmer error, e.g. gradients whose shapes
//! do not match the parameters.
//!
//! # Examples
//!
//! Adam with torch's defaults but a rate of 0.1, stepped once on a hand-made gradient: the first
//! Adam step moves every coordinate by about `lr` against the sign of its gradient.
//!
//! ```
//! use downhill_optim::{adam, AdamOptions, Optimizer, Tensor};
//! let mut params = vec![Tensor::vector(vec![1.0, -2.0])];
//! let mut opt = Optimizer::new(adam(AdamOptions { lr: 0.1, ..Default::default() }).unwrap(), &params);
//! opt.step(&mut params, vec![Tensor::vector(vec![0.5, -4.0])]);
//! // m / sqrt(v) is sign(g) up to eps = 1e-8: f32 rounding, 1e-6.
//! let (x, y) = (params[0].data()[0], params[0].data()[1]);
//! assert!((x - 0.9).abs() < 1e-6 && (y + 1.9).abs() < 1e-6, "{x} {y}");
//! assert_eq!((opt.steps(), opt.lr()), (1, Some(0.1)));
//! ```
//!
//! A preset with a cosine schedule and global-norm clipping in front, run to convergence on
//! `0.5 |p|^2` (its gradient is `p`):
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
#![warn(missing_docs)]

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
pub use descent::{descend, Clip, Entry, Method, Rates, Trajectory};
pub use describe::{
    Described, Field, Hyper, Links, OptionFamily, OptionInfo, PairRange, Preset, Range, Required, Value,
    ValueKind,
};
pub use downhill_tensor::{Float, Gradient, SparseRows, Tensor};
pub use error::OptimError;
pub use fused::Stage;
pub use groups::Groups;
pub use kernel::{Kernel, PARALLEL_MIN};
pub use lbfgs::{Lbfgs, LbfgsHistory, LbfgsOptions, LbfgsState, LineSearch};
pub use optimizer::{Optimizer, Summed};
pub use presets::*;
pub use schedule::*;
pub use transform::{State, Transform};
pub use transforms::*;
