//! `--plot FILE.png|.svg`: the format from the file name, and the pictures `downhill-plot` draws
//! written atomically. The race picture's adapter lives here; `train` and `compare` have their own
//! (`train/curves.rs`, `compare/picture.rs`).
mod file;
mod race_picture;
mod samples;

pub use downhill_plot::Format as PlotFormat;
pub use file::{format_for, format_of, save};
pub use race_picture::draw;
pub use samples::samples_grid;
