//! `--plot FILE.png|.svg`: the function's contour map with every racer's trajectory, drawn with
//! plotters' pure-Rust backends and an embedded font (no system libraries needed).
mod bands;
mod clip;
mod draw;
mod figure;
mod font;
mod key;
mod legend;
mod palette;

pub use draw::{draw, PlotFormat};
