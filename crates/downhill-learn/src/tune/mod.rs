//! Hyperparameter search: a space of named hyperparameters (space.rs), the random, grid and
//! successive-halving strategies (search.rs, halving.rs). What a name means and how a
//! configuration trains is the caller's: the command line maps names to `train`'s flags.
mod halving;
mod search;
mod space;

pub use halving::{best, Rungs};
pub use search::{winner, Outcome, Record, Search, Strategy, Trial};
pub use search::{
    DEFAULT_ETA, DEFAULT_GRID_POINTS, DEFAULT_TRIALS, DEFAULT_VALIDATION_FRACTION, TUNE_OPTIONS,
};
pub use space::{Assignment, Distribution, Param, SearchSpace, MAX_GRID};
