//! Reverse-mode automatic differentiation on a Wengert list.
//!
//! Every operation appends a node to a `Tape` in creation order, so `Tape::backward` is one reverse
//! loop with no topological sort. Each op is one file under `ops/` holding its forward and backward.
//!
//! ```
//! use downhill_autograd::{Param, Tape};
//! use downhill_tensor::Tensor;
//! let w = Param::new("w", Tensor::vector(vec![1.0, 2.0]));
//! let tape = Tape::new();
//! let x = tape.leaf(Tensor::vector(vec![3.0, 4.0]));
//! let loss = (tape.param(&w) * x).sum();          // w · x
//! let grads = tape.backward(loss);
//! // Exact, no rounding: the gradient of Σ w ⊙ x with respect to w is 1 · x, a copy of x.
//! assert_eq!(grads.get(&w).unwrap().data(), &[3.0, 4.0]);
//! ```
#![warn(missing_docs)]

mod backward;
mod gradcheck;
mod grads;
mod input_grads;
mod node;
mod op_box;
pub mod ops;
mod param;
mod tape;
mod var;

pub use downhill_tensor::{Conv2d, Float, Gradient, Pool2d, Shape, SparseRows, Tensor};
pub use gradcheck::{
    check_gradients, gradcheck, gradcheck_many, GradcheckReport, GRADCHECK_EPS, GRADCHECK_TOL,
};
pub use grads::Grads;
pub use input_grads::InputGrads;
pub use ops::{BatchNormStats, Cell, Op, RecurrentState};
pub use param::{Param, ParamId, ParamRole};
pub use tape::{NodeId, Tape};
pub use var::Var;
