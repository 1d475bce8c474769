//! `downhill compare`: the grid of runs (optimizers × batch sizes, one model and seed), their
//! table and their picture.
mod grid;
mod logs;
mod picture;
mod table;

pub use grid::{grid, run_all, Outcome};
pub use logs::Logs;
pub use picture::loss_curves;
pub use table::to_table;
