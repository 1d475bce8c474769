//! Optimizers racing down a test function: one descent on a surface (`descend`), and a race of
//! named optimizers sharing options, schedule, clipping and start (`Race`).
mod descend;
mod run;

pub use descend::descend;
pub use run::{Lap, Race, RaceError};
