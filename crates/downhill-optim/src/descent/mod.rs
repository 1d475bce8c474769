//! Descending as a whole: gradient clipping as one setting for every command, and the executor
//! loop that drives a chain or L-BFGS down an objective (`downhill optimize` runs it).
mod clip;
mod executor;

pub use clip::Clip;
pub use executor::{descend, Entry, Method, Trajectory};
