//! L-BFGS (`torch.optim.LBFGS`): a closure-driven quasi-Newton method for full-batch problems.
mod cubic;
mod history;
mod saved;
mod solver;
mod strong_wolfe;

pub use history::LbfgsHistory;
pub use solver::{Lbfgs, LbfgsOptions, LbfgsState, LineSearch};
