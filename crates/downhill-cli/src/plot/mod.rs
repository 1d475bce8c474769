//! `--plot FILE.png|.svg`: `optimize`'s contour map with every racer's trajectory, and the loss
//! curves of `train` and `compare`, drawn with plotters' pure-Rust backends and an embedded font (no
//! system libraries needed).
mod bands;
mod clip;
mod curves;
mod draw;
mod figure;
mod font;
mod key;
mod legend;
mod log_axis;
mod palette;

pub use curves::{Curves, Panel, Series, SeriesLabelPosition};
pub use draw::{draw, save, PlotFormat};
