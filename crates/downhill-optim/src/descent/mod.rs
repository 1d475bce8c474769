//! Descending as a whole: gradient clipping as one setting for every command, and the executor
//! loop that drives a chain or L-BFGS down an objective (`downhill optimize` runs it), at the
//! rates a schedule gives.
mod clip;
mod executor;
mod rates;

pub use clip::Clip;
pub use executor::{descend, Entry, Method, Trajectory};
pub use rates::Rates;
