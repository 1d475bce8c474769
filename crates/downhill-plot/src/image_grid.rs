//! A grid of grey images (a generative model's samples, or a walk between two codes): each h × w
//! tile drawn from 0 (white) to 1 (black), `columns` tiles per row, under one title.
use crate::figure::sealed::Render;
use crate::font::FAMILY;
use plotters::coord::Shift;
use plotters::prelude::*;

/// The picture: `images` of `height` × `width` values in [0, 1], row-major.
#[derive(Clone, Debug)]
pub struct ImageGrid {
    /// The line above the grid.
    pub title: String,
    /// Rows of every image.
    pub height: usize,
    /// Columns of every image.
    pub width: usize,
    /// Images per row of the grid.
    pub columns: usize,
    /// The images, row by row of the grid.
    pub images: Vec<Vec<f64>>,
}

/// Pixels above the grid for the title (24-point text and its margins, as `titled` lays it out).
const TITLE_BAND: u32 = 40;

impl ImageGrid {
    /// Tiles per row and rows of tiles, then each tile's pixel rows and columns (all at least 1).
    fn layout(&self) -> (usize, usize, usize, usize) {
        let columns = self.columns.max(1);
        let rows = self.images.len().div_ceil(columns).max(1);
        (columns, rows, self.height.max(1), self.width.max(1))
    }
}

impl Render for ImageGrid {
    /// `SIZE`'s width, and the height that fits the grid's rows at the tile size the width allows
    /// (at most `SIZE`'s height): a walk of one row is a strip, not a row on an empty page.
    fn size(&self) -> (u32, u32) {
        let (width, most) = crate::SIZE;
        let (columns, rows, ph, pw) = self.layout();
        let side = f64::from(width) / (columns * (pw + 1)) as f64;
        let grid = (rows * (ph + 1)) as f64 * side;
        (width, (TITLE_BAND + grid.ceil() as u32).clamp(TITLE_BAND + 1, most))
    }

    fn render<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, _vector: bool) -> Result<(), String> {
        let err = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
        root.fill(&WHITE).map_err(err)?;
        let body = root.titled(&self.title, (FAMILY, 24)).map_err(err)?;
        let (columns, rows, ph, pw) = self.layout();
        let (w, h) = body.dim_in_pixel();
        // Square pixels: the tile side that fits both ways, with a one-pixel-of-the-image gap.
        let side =
            ((w as f64 / (columns * (pw + 1)) as f64).min(h as f64 / (rows * (ph + 1)) as f64)).max(1.0);
        for (k, image) in self.images.iter().enumerate() {
            let (top, left) = ((k / columns) * (ph + 1), (k % columns) * (pw + 1));
            for r in 0..ph {
                for c in 0..pw {
                    let v = image.get(r * pw + c).copied().unwrap_or(0.0);
                    let grey =
                        (255.0 * (1.0 - if v.is_finite() { v.clamp(0.0, 1.0) } else { 0.0 })).round() as u8;
                    let at = |i: usize| (i as f64 * side).round() as i32;
                    let rect = [(at(left + c), at(top + r)), (at(left + c + 1), at(top + r + 1))];
                    body.draw(&Rectangle::new(rect, RGBColor(grey, grey, grey).filled())).map_err(err)?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{encode, Format};

    #[test]
    fn a_grid_of_tiles_draws_one_rectangle_per_pixel() {
        let images = (0..6).map(|k| (0..4).map(|v| (v + k) as f64 / 9.0).collect()).collect();
        let grid = ImageGrid { title: "samples".into(), height: 2, width: 2, columns: 4, images };
        let svg = String::from_utf8(encode(&grid, Format::Svg).unwrap()).unwrap();
        assert!(svg.contains("samples"));
        // 6 tiles of 4 pixels, plus the background.
        assert_eq!(svg.matches("<rect").count(), 6 * 4 + 1, "{svg}");
    }

    #[test]
    fn a_single_row_is_a_strip_and_many_rows_keep_the_chart_height() {
        let digits = |n: usize| (0..n).map(|_| vec![0.5; 28 * 28]).collect();
        let walk = ImageGrid { title: "walk".into(), height: 28, width: 28, columns: 10, images: digits(10) };
        let (width, height) = walk.size();
        // 10 tiles of 29 columns across 1100 pixels: a side of 1100 / 290 per image pixel.
        assert_eq!((width, height), (1100, TITLE_BAND + (29.0 * 1100.0 / 290.0_f64).ceil() as u32));
        let png = encode(&walk, Format::Png).unwrap();
        // The PNG's IHDR holds the width and height, big-endian, at bytes 16..24.
        let size = |at: usize| u32::from_be_bytes([png[at], png[at + 1], png[at + 2], png[at + 3]]);
        assert_eq!((size(16), size(20)), (width, height));
        let samples =
            ImageGrid { title: "samples".into(), height: 28, width: 28, columns: 8, images: digits(64) };
        assert_eq!(samples.size(), crate::SIZE);
    }
}
