//! `Figure`: the pictures this crate draws. The trait is sealed, so its drawing method (which
//! names plotters types) stays out of the public API and plotters can be upgraded freely.
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};

/// A picture [`encode`](crate::encode) can draw: [`Curves`](crate::Curves) or
/// [`ContourMap`](crate::ContourMap).
pub trait Figure: sealed::Render {}

impl<T: sealed::Render> Figure for T {}

pub(crate) mod sealed {
    use super::*;

    /// Draws on a plotters drawing area; `vector` is true for SVG output.
    pub trait Render {
        fn render<DB: DrawingBackend>(
            &self,
            root: &DrawingArea<DB, Shift>,
            vector: bool,
        ) -> Result<(), String>;

        /// Width and height in pixels: every chart's `SIZE`; a picture whose content has its own
        /// proportions (a grid of images) says so.
        fn size(&self) -> (u32, u32) {
            crate::SIZE
        }
    }
}
