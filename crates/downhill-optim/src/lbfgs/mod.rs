//! L-BFGS (`torch.optim.LBFGS`): a closure-driven quasi-Newton method for full-batch problems.
mod cubic;
mod history;
mod options;
mod saved;
mod solver;
mod strong_wolfe;

pub use history::LbfgsHistory;
pub use options::{LbfgsOptions, LineSearch};
pub use solver::{Lbfgs, LbfgsState};
