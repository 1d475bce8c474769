//! The contour map: filled log-scaled contours of a 2-D function, its known minima (black crosses),
//! the shared start (white disc), each trajectory in its own colour with a dot at its end, a legend
//! in the emptiest corner, and a colour key of function values on the right.
use crate::bands::{bands, BandRect, Bands};
use crate::corner::emptiest_corner;
use crate::figure::sealed::Render;
use crate::font::FAMILY;
use crate::trajectory::{draw_end, draw_path, path_width, Trajectory};
use crate::{key, palette, Point, Window};
use plotters::coord::{types::RangedCoordf64, Shift};
use plotters::prelude::*;
use std::fmt;

/// Paths over a function. The function is sampled when drawn: once per pixel for PNG, on a
/// 200 x 160 grid for SVG (which keeps files small).
pub struct ContourMap<'a> {
    /// The caption above the map, e.g. `rosenbrock:  f(x, y) = (1 - x)^2 + 100 (y - x^2)^2`.
    pub title: String,
    /// `f(x, y)`; non-finite values take the highest band.
    pub f: &'a dyn Fn(Point) -> f64,
    /// The function's known minimum value (the lowest band's floor), if it has one.
    pub min_value: Option<f64>,
    /// Known minimisers, drawn as crosses.
    pub minima: Vec<Point>,
    /// The region to show; it grows to include `start` if that lies outside.
    pub window: Window,
    /// Where every trajectory began.
    pub start: Point,
    /// Drawn in order, colour `i` for the `i`-th; earlier ones wider and underneath.
    pub trajectories: Vec<Trajectory>,
}

impl fmt::Debug for ContourMap<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ContourMap")
            .field("title", &self.title)
            .field("window", &self.window)
            .field("start", &self.start)
            .field("trajectories", &self.trajectories)
            .finish_non_exhaustive()
    }
}

pub(crate) type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

const BANDS: usize = 18;
const KEY_WIDTH: u32 = 120;

impl Render for ContourMap<'_> {
    fn render<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, vector: bool) -> Result<(), String> {
        let err = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
        root.fill(&WHITE).map_err(err)?;
        let (main, side) = root.split_horizontally(root.dim_in_pixel().0 - KEY_WIDTH);
        let view = view(&self.window, self.start);
        let mut chart = ChartBuilder::on(&main)
            .caption(&self.title, (FAMILY, caption_size(&main, &self.title)))
            .margin(14)
            .x_label_area_size(52)
            .y_label_area_size(64)
            .build_cartesian_2d(view.x.0..view.x.1, view.y.0..view.y.1)
            .map_err(err)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_desc("x")
            .y_desc("y")
            .label_style((FAMILY, 17))
            .axis_desc_style((FAMILY, 19))
            .draw()
            .map_err(err)?;
        let (w, h) = chart.plotting_area().dim_in_pixel();
        let (nx, ny) = if vector { (200, 160) } else { (w as usize, h as usize) };
        let b = bands(self.f, self.min_value, &view, nx.max(2), ny.max(2), BANDS);
        draw_bands(&mut chart, &b).map_err(err)?;
        draw_minima(&mut chart, self, &view).map_err(err)?;
        let n = self.trajectories.len();
        for (i, t) in self.trajectories.iter().enumerate() {
            draw_path(&mut chart, t, palette::series(i), path_width(i, n), &view).map_err(err)?;
        }
        for (i, t) in self.trajectories.iter().enumerate() {
            draw_end(&mut chart, t, palette::series(i), &view).map_err(err)?;
        }
        draw_start(&mut chart, self).map_err(err)?;
        chart
            .configure_series_labels()
            .position(emptiest_corner(&self.weighted_points(), &view).into())
            .margin(12)
            .background_style(WHITE.mix(0.88))
            .border_style(BLACK)
            .label_font((FAMILY, 16))
            .draw()
            .map_err(err)?;
        let rows = chart.plotting_area().get_pixel_range().1;
        key::draw(&side, &b, rows.start, rows.end).map_err(err)
    }
}

impl ContourMap<'_> {
    /// What the legend should not hide: every trajectory point, and (a thousand times heavier)
    /// the minima and the start.
    fn weighted_points(&self) -> Vec<(Point, usize)> {
        let paths = self.trajectories.iter().flat_map(|t| t.points.iter().map(|p| (*p, 1)));
        let marks = self.minima.iter().chain([&self.start]).map(|p| (*p, 1000));
        paths.chain(marks).collect()
    }
}

/// The window grown to include the start (plus 5% of the new span on that side) if the user
/// started outside it.
fn view(w: &Window, [sx, sy]: Point) -> Window {
    let grow = |(lo, hi): (f64, f64), s: f64| {
        let pad = 0.05 * (hi.max(s) - lo.min(s));
        if s < lo {
            (s - pad, hi)
        } else if s > hi {
            (lo, s + pad)
        } else {
            (lo, hi)
        }
    };
    Window { x: grow(w.x, sx), y: grow(w.y, sy) }
}

/// The largest font size up to 24 at which the caption fits the map's width.
fn caption_size<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, caption: &str) -> f64 {
    let width = area.dim_in_pixel().0.saturating_sub(40);
    let fits = |size: f64| {
        area.estimate_text_size(caption, &TextStyle::from((FAMILY, size))).is_ok_and(|(w, _)| w <= width)
    };
    [24.0, 22.0, 20.0, 18.0, 16.0].into_iter().find(|&s| fits(s)).unwrap_or(14.0)
}

fn draw_bands<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart<'a, DB>,
    b: &Bands,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let rect = |r: &BandRect| {
        Rectangle::new([(r.x.0, r.y.0), (r.x.1, r.y.1)], palette::band(r.band, b.count).filled())
    };
    chart.draw_series(b.rects.iter().map(rect))?;
    Ok(())
}

fn draw_minima<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart<'a, DB>,
    map: &ContourMap,
    view: &Window,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let minima: Vec<Point> = map.minima.iter().copied().filter(|m| view.contains(*m)).collect();
    if !minima.is_empty() {
        let label = if minima.len() == 1 { "global minimum" } else { "global minima" };
        chart
            .draw_series(minima.iter().map(|m| Cross::new((m[0], m[1]), 8, BLACK.stroke_width(3))))?
            .label(label)
            .legend(|(x, y)| Cross::new((x + 10, y), 6, BLACK.stroke_width(2)));
    }
    Ok(())
}

/// The shared start, drawn last so no path hides it; its legend entry also gives the step count
/// (the longest trajectory's points less one).
fn draw_start<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart<'a, DB>,
    map: &ContourMap,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let [sx, sy] = map.start;
    let steps = map.trajectories.iter().map(|t| t.points.len().saturating_sub(1)).max().unwrap_or(0);
    let disc = |c: (f64, f64), r: i32| {
        EmptyElement::at(c)
            + Circle::new((0, 0), r, WHITE.filled())
            + Circle::new((0, 0), r, BLACK.stroke_width(2))
    };
    chart.draw_series([disc((sx, sy), 8)])?.label(format!("start ({sx}, {sy}), {steps} steps")).legend(
        move |(x, y)| {
            EmptyElement::at((x + 10, y))
                + Circle::new((0, 0), 6, WHITE.filled())
                + Circle::new((0, 0), 6, BLACK.stroke_width(2))
        },
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_testing::assert_close;

    #[test]
    fn a_start_outside_widens_only_its_side() {
        let w = Window { x: (0.0, 1.0), y: (-1.0, 1.0) };
        assert_eq!(view(&w, [0.5, 0.0]), w); // exact: inside, nothing changes
        let v = view(&w, [3.0, -2.0]);
        // x: hi 3 + 0.05 * (3 - 0) = 3.15; y: lo -2 - 0.05 * (1 + 2) = -2.15. f64 sums, 1e-12.
        assert_close("grown window", &[v.x.0, v.x.1, v.y.0, v.y.1], &[0.0, 3.15, -2.15, 1.0], 1e-12);
    }
}
