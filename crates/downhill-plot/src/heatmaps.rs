//! A grid of images with their attribution heatmaps: for each sample, its input in grey (darkest at
//! its largest value) above its attributions in a diverging ramp (blue negative, white zero, red
//! positive, scaled to the tile's largest |value|), up to `MAX_TILES` samples in rows of
//! `PER_ROW`, each captioned with the caller's label (e.g. the explained class).
use crate::figure::sealed::Render;
use crate::font::FAMILY;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Samples drawn at most, and per row of the grid.
pub const MAX_TILES: usize = 16;
const PER_ROW: usize = 8;

/// One sample: its caption and two h × w images, row-major.
#[derive(Clone, Debug)]
pub struct Heatmap {
    /// Its caption.
    pub label: String,
    /// The sample's input, drawn in grey (darkest at its largest value).
    pub image: Vec<f64>,
    /// Its attributions, drawn below it in a diverging ramp.
    pub heat: Vec<f64>,
}

/// The picture.
#[derive(Clone, Debug)]
pub struct Heatmaps {
    /// The line above the tiles.
    pub title: String,
    /// Rows of every image.
    pub height: usize,
    /// Columns of every image.
    pub width: usize,
    /// The samples, drawn left to right.
    pub tiles: Vec<Heatmap>,
}

/// The diverging ramp: t in [−1, 1] → blue (−1), white (0), red (+1).
fn diverging(t: f64) -> RGBColor {
    let t = if t.is_finite() { t.clamp(-1.0, 1.0) } else { 0.0 };
    let fade = |c: f64| (255.0 + (c - 255.0) * t.abs()).round() as u8;
    if t < 0.0 {
        RGBColor(fade(33.0), fade(102.0), fade(172.0))
    } else {
        RGBColor(fade(178.0), fade(24.0), fade(43.0))
    }
}

/// Grey for an input value scaled to [0, 1] (1 darkest).
fn grey(t: f64) -> RGBColor {
    let v = (255.0 * (1.0 - if t.is_finite() { t.clamp(0.0, 1.0) } else { 0.0 })).round() as u8;
    RGBColor(v, v, v)
}

impl Render for Heatmaps {
    fn render<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, _vector: bool) -> Result<(), String> {
        let err = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
        root.fill(&WHITE).map_err(err)?;
        let body = root.titled(&self.title, (FAMILY, 24)).map_err(err)?;
        let tiles = &self.tiles[..self.tiles.len().min(MAX_TILES)];
        let rows = tiles.len().div_ceil(PER_ROW).max(1);
        let cells = body.split_evenly((rows, PER_ROW));
        for (tile, cell) in tiles.iter().zip(&cells) {
            let cell = cell.titled(&tile.label, (FAMILY, 16)).map_err(err)?;
            let (image, heat) = cell.split_vertically(cell.dim_in_pixel().1 / 2);
            let (lo, hi) =
                tile.image.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| (a.min(v), b.max(v)));
            let span = if hi > lo { hi - lo } else { 1.0 };
            let scale = tile.heat.iter().fold(0.0f64, |m, v| m.max(v.abs())).max(1e-12);
            self.draw_pixels(&image, |k| grey((tile.image[k] - lo) / span)).map_err(err)?;
            self.draw_pixels(&heat, |k| diverging(tile.heat[k] / scale)).map_err(err)?;
        }
        Ok(())
    }
}

impl Heatmaps {
    /// Fills `area` (a square of it, top-left) with h × w pixels coloured by `colour(k)`.
    fn draw_pixels<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        colour: impl Fn(usize) -> RGBColor,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        let (w, h) = area.dim_in_pixel();
        let side = (w.min(h) as f64 * 0.92) as i32;
        let (ph, pw) = (self.height.max(1), self.width.max(1));
        let px = |c: usize, n: usize| (c as f64 * side as f64 / n as f64).round() as i32;
        for r in 0..ph {
            for c in 0..pw {
                let rect = [(px(c, pw), px(r, ph)), (px(c + 1, pw), px(r + 1, ph))];
                area.draw(&Rectangle::new(rect, colour(r * pw + c).filled()))?;
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
    fn the_ramps_run_from_blue_through_white_to_red_and_a_grid_draws() {
        assert_eq!(
            (diverging(-1.0), diverging(0.0), diverging(1.0)),
            (RGBColor(33, 102, 172), WHITE, RGBColor(178, 24, 43))
        );
        assert_eq!((grey(0.0), grey(1.0), grey(f64::NAN)), (WHITE, BLACK, WHITE));
        let tile = |k: usize| Heatmap {
            label: format!("class {k}"),
            image: (0..12).map(|v| v as f64).collect(),
            heat: (0..12).map(|v| v as f64 - 6.0).collect(),
        };
        let figure =
            Heatmaps { title: "saliency".into(), height: 3, width: 4, tiles: (0..20).map(tile).collect() };
        let svg = String::from_utf8(encode(&figure, Format::Svg).unwrap()).unwrap();
        assert!(svg.contains("class 15") && !svg.contains("class 16"), "at most 16 tiles");
        assert_eq!(&encode(&figure, Format::Png).unwrap()[1..4], b"PNG");
    }
}
