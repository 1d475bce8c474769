//! Classic 2-D optimization test functions, kept apart from the solvers that descend them
//! (argmin's `argmin-testfunctions` split). Each function lives in its own file with its formula,
//! analytic gradient, known minimisers, a plotting window and a conventional starting point.
//! A `Race` runs downhill-optim's optimizers down one of them (`downhill optimize`).
//!
//! ```
//! use downhill_testfns::{Surface, TestFunction};
//! let f: TestFunction = "rosenbrock".parse().unwrap();
//! // Exact at the minimiser: every term holds a factor 1 − 1 or 1 − 1², which is exactly 0.
//! assert_eq!(f.value([1.0, 1.0]), 0.0);
//! assert_eq!(f.gradient([1.0, 1.0]), [0.0, 0.0]);
//! assert_eq!(f.minima(), &[[1.0, 1.0]]); // a constant table
//! ```
#![warn(missing_docs)]

mod error;
mod functions;
mod gradcheck;
mod race;
mod surface;
mod test_function;

pub use error::UnknownFunction;
pub use functions::*;
pub use gradcheck::{central_difference, max_gradient_error};
pub use race::{descend, Lap, Race, RaceError};
pub use surface::{Point, Surface, Window};
pub use test_function::TestFunction;
