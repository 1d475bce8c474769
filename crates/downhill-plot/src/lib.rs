//! Pictures of descent from plain data, as PNG or SVG bytes (1100 x 850; a grid of images as high as its rows need).
//!
//! - [`Curves`]: line charts of values per epoch, panels side by side under one title; a loss
//!   panel switches to a logarithmic axis when its values span more than a decade.
//! - [`Bars`]: a ranked horizontal bar chart (feature importance), the first bar at the top.
//! - [`Scatter`]: points against one variable per panel (a search's metric against each
//!   hyperparameter), panels in a grid, an axis logarithmic or categorical when asked.
//! - [`Heatmaps`]: a grid of images above their attribution heatmaps (blue, white, red).
//! - [`ImageGrid`]: a grid of grey images (a generative model's samples).
//! - [`ContourMap`]: trajectories over the filled, log-scaled contours of a 2-D function, with its
//!   minima, the shared start, a legend in the emptiest corner and a colour key.
//!
//! The inputs are names, numbers and point lists: nothing here knows about optimizers, models or
//! training histories. Drawing uses plotters' pure-Rust backends and a font embedded in the binary,
//! so the same bytes come out on any machine, without system fonts or libraries. [`encode`] returns
//! the bytes; writing them (atomically, with the caller's error for a bad path) is the caller's job.
//!
//! ```
//! use downhill_plot::{encode, Corner, Curves, Format, Panel, Series, XAxis};
//! let loss = Series { label: "training loss".into(), points: vec![(1.0, 0.9), (2.0, 0.4)], colour: 0 };
//! let panel = Panel { y_desc: "loss".into(), series: vec![loss], log_y: true, legend: Some(Corner::UpperRight) };
//! let curves = Curves { title: "a run".into(), x_desc: "epoch".into(), x_axis: XAxis::Counts, panels: vec![panel] };
//! let svg = encode(&curves, Format::Svg).unwrap();
//! assert!(svg.starts_with(b"<svg"));
//! ```
//!
//! ```
//! use downhill_plot::{encode, ContourMap, Format, Trajectory, Window};
//! let bowl = |p: [f64; 2]| p[0] * p[0] + 4.0 * p[1] * p[1];
//! let map = ContourMap {
//!     title: "bowl:  f(x, y) = x^2 + 4 y^2".into(),
//!     f: &bowl,
//!     min_value: Some(0.0),
//!     minima: vec![[0.0, 0.0]],
//!     window: Window { x: (-2.0, 2.0), y: (-1.0, 1.0) },
//!     start: [1.5, 0.5],
//!     trajectories: vec![Trajectory { label: "halving".into(), points: vec![[1.5, 0.5], [0.75, 0.25]] }],
//! };
//! let png = encode(&map, Format::Png).unwrap();
//! assert_eq!(&png[1..4], b"PNG");
//! ```
#![warn(missing_docs)]

mod bands;
mod bars;
mod clip;
mod contour_map;
mod corner;
mod curves;
mod encode;
mod error;
mod figure;
mod font;
mod format;
mod heatmaps;
mod image_grid;
mod key;
mod log_axis;
mod palette;
mod scatter;
mod trajectory;

pub use bars::{Bars, MAX_BARS};
pub use contour_map::ContourMap;
pub use corner::Corner;
pub use curves::{Curves, Panel, Series, XAxis};
/// Plain coordinates, shared with the test functions (whose windows a map usually shows).
pub use downhill_testfns::{Point, Window};
pub use encode::{encode, SIZE};
pub use error::PlotError;
pub use figure::Figure;
pub use format::Format;
pub use heatmaps::{Heatmap, Heatmaps, MAX_TILES};
pub use image_grid::ImageGrid;
pub use scatter::{Scatter, ScatterPanel};
pub use trajectory::Trajectory;
