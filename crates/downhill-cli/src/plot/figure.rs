//! The race picture: filled log-scaled contours of the function, its known minima (black crosses),
//! the shared start (white disc), each racer's path in its own colour and a dot at
//! its end, a legend in the emptiest corner, and a colour key of function values on the right.
use super::bands::{bands, Bands};
use super::clip::clip_polyline;
use super::font::FAMILY;
use super::legend::{emptiest_corner, legend_label};
use super::{key, palette};
use crate::optimize::Run;
use downhill_testfns::{Point, Surface, TestFunction, Window};
use plotters::coord::{types::RangedCoordf64, Shift};
use plotters::prelude::*;

/// What to draw.
#[derive(Debug)]
pub struct Scene<'a> {
    pub function: &'a TestFunction,
    pub start: Point,
    pub threshold: f64,
    pub runs: &'a [Run],
}

type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

const BANDS: usize = 18;
const KEY_WIDTH: u32 = 120;
/// Paths with at most this many steps also get a dot at every iterate.
const DOTTED_UP_TO: usize = 150;

/// What the figure is drawn into; it decides the contour resolution.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// A pixel buffer: one contour sample per pixel.
    Bitmap,
    /// SVG: a 200 x 160 contour grid keeps files small.
    Vector,
}

impl super::draw::Figure for Scene<'_> {
    fn render<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, vector: bool) -> Result<(), String> {
        render(root, self, if vector { Target::Vector } else { Target::Bitmap })
    }
}

/// Draws `scene` on `root`.
pub fn render<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    scene: &Scene,
    target: Target,
) -> Result<(), String> {
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    root.fill(&WHITE).map_err(err)?;
    let (main, side) = root.split_horizontally(root.dim_in_pixel().0 - KEY_WIDTH);
    let (f, view) = (scene.function, view(scene));
    let caption = format!("{}:  f(x, y) = {}", f.name(), f.formula());
    let mut chart = ChartBuilder::on(&main)
        .caption(&caption, (FAMILY, caption_size(&main, &caption)))
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
    let (nx, ny) = match target {
        Target::Bitmap => (w as usize, h as usize),
        Target::Vector => (200, 160),
    };
    let b = bands(f, &view, nx.max(2), ny.max(2), BANDS);
    draw_bands(&mut chart, &b).map_err(err)?;
    draw_minima(&mut chart, scene, &view).map_err(err)?;
    for (i, run) in scene.runs.iter().enumerate() {
        draw_path(&mut chart, run, palette::series(i), path_width(i, scene.runs.len()), &view)
            .map_err(err)?;
    }
    for (i, run) in scene.runs.iter().enumerate() {
        draw_end(&mut chart, run, palette::series(i), scene.threshold, &view).map_err(err)?;
    }
    draw_start(&mut chart, scene).map_err(err)?;
    chart
        .configure_series_labels()
        .position(emptiest_corner(scene, &view))
        .margin(12)
        .background_style(WHITE.mix(0.88))
        .border_style(BLACK)
        .label_font((FAMILY, 16))
        .draw()
        .map_err(err)?;
    let rows = chart.plotting_area().get_pixel_range().1;
    key::draw(&side, &b, rows.start, rows.end).map_err(err)
}

/// The largest font size up to 24 at which the caption fits the map's width.
fn caption_size<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, caption: &str) -> f64 {
    let width = area.dim_in_pixel().0.saturating_sub(40);
    let fits = |size: f64| {
        area.estimate_text_size(caption, &TextStyle::from((FAMILY, size))).is_ok_and(|(w, _)| w <= width)
    };
    [24.0, 22.0, 20.0, 18.0, 16.0].into_iter().find(|&s| fits(s)).unwrap_or(14.0)
}

/// The function's window, grown to include the start if the user started outside it.
fn view(scene: &Scene) -> Window {
    let (w, [sx, sy]) = (scene.function.window(), scene.start);
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

fn draw_bands<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart<'a, DB>,
    b: &Bands,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let rect = |r: &super::bands::BandRect| {
        Rectangle::new([(r.x.0, r.y.0), (r.x.1, r.y.1)], palette::band(r.band, b.count).filled())
    };
    chart.draw_series(b.rects.iter().map(rect))?;
    Ok(())
}

fn draw_minima<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart<'a, DB>,
    scene: &Scene,
    view: &Window,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let minima: Vec<Point> = scene.function.minima().iter().copied().filter(|m| view.contains(*m)).collect();
    if !minima.is_empty() {
        let label = if minima.len() == 1 { "global minimum" } else { "global minima" };
        chart
            .draw_series(minima.iter().map(|m| Cross::new((m[0], m[1]), 8, BLACK.stroke_width(3))))?
            .label(label)
            .legend(|(x, y)| Cross::new((x + 10, y), 6, BLACK.stroke_width(2)));
    }
    Ok(())
}

/// The shared start, drawn last so no path hides it; its legend entry also gives the step count.
fn draw_start<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart<'a, DB>,
    scene: &Scene,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let [sx, sy] = scene.start;
    let steps = scene.runs.iter().map(|r| r.trajectory.entries.len().saturating_sub(1)).max().unwrap_or(0);
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

/// Racers follow the same valleys, so earlier paths are drawn wider and underneath: overlapping
/// paths show as nested stripes instead of hiding each other. Widths 2, 3.5, 5, ... up to 9 px.
fn path_width(i: usize, n: usize) -> u32 {
    (2 + 3 * (n - 1 - i) / 2).min(9) as u32
}

fn draw_path<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart<'a, DB>,
    run: &Run,
    colour: RGBColor,
    width: u32,
    view: &Window,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let points: Vec<Point> = run.trajectory.entries.iter().map(|e| e.params).collect();
    for piece in clip_polyline(&points, view) {
        let xy: Vec<(f64, f64)> = piece.iter().map(|p| (p[0], p[1])).collect();
        if width <= 2 {
            chart.draw_series(LineSeries::new(xy, colour.stroke_width(width)))?;
            continue;
        }
        // thick polylines get mitred spikes at sharp reversals (long ones in plotters' bitmap
        // backend, shorter in SVG viewers): draw segments with round joins instead
        let style = colour.stroke_width(width);
        chart.draw_series(xy.windows(2).map(|s| PathElement::new(s.to_vec(), style)))?;
        chart.draw_series(xy.iter().map(|&p| Circle::new(p, (width / 2) as i32, colour.filled())))?;
    }
    if points.len() <= DOTTED_UP_TO {
        let inside = points.iter().filter(|p| view.contains(**p));
        chart.draw_series(
            inside.map(|p| Circle::new((p[0], p[1]), (width / 2 + 2) as i32, colour.filled())),
        )?;
    }
    Ok(())
}

/// The run's end point, and its legend entry.
fn draw_end<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart<'a, DB>,
    run: &Run,
    colour: RGBColor,
    threshold: f64,
    view: &Window,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let points: Vec<Point> = run.trajectory.entries.iter().map(|e| e.params).collect();
    let end: Vec<Point> = points.last().copied().filter(|p| view.contains(*p)).into_iter().collect();
    let dot = |c: (f64, f64)| {
        EmptyElement::at(c)
            + Circle::new((0, 0), 6, colour.filled())
            + Circle::new((0, 0), 6, BLACK.stroke_width(1))
    };
    chart.draw_series(end.iter().map(|p| dot((p[0], p[1]))))?.label(legend_label(run, threshold)).legend(
        move |(x, y)| {
            EmptyElement::at((x, y))
                + PathElement::new(vec![(0, 0), (22, 0)], colour.stroke_width(3))
                + Circle::new((22, 0), 4, colour.filled())
        },
    );
    Ok(())
}
