//! Line charts of values per epoch: a run's loss curves beside its validation metric, or many runs'
//! loss curves. Panels sit side by side under one title (four make a 2 × 2 grid); losses use a logarithmic axis when they
//! span more than a decade, so late progress stays visible. Colours are the contour map's Tableau 10;
//! the legend sits in the corner the caller names, over a white box.
use crate::figure::sealed::Render;
use crate::font::FAMILY;
use crate::log_axis::LogAxis;
use crate::{palette, Corner};
use plotters::coord::ranged1d::{AsRangedCoord, ValueFormatter};
use plotters::coord::Shift;
use plotters::prelude::*;

/// One line: its legend label, its points and its colour index.
#[derive(Clone, Debug)]
pub struct Series {
    /// Its entry in the legend.
    pub label: String,
    /// Its (x, y) points, in order (non-finite y values are skipped).
    pub points: Vec<(f64, f64)>,
    /// Its colour's index in the Tableau 10 palette.
    pub colour: usize,
}

/// One chart.
#[derive(Clone, Debug)]
pub struct Panel {
    /// What y is.
    pub y_desc: String,
    /// The lines.
    pub series: Vec<Series>,
    /// Allow a logarithmic axis (only taken when every value is positive and they span > 10x).
    pub log_y: bool,
    /// Where the legend goes (where the curves are not: upper right for falling losses); `None`
    /// for no legend (a second panel of the same runs).
    pub legend: Option<Corner>,
}

/// How the x axis is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum XAxis {
    /// Whole numbers (epochs, episodes): integer ticks, half a step of room on each side.
    Counts,
    /// Logarithmic (a learning rate), for positive values; `Counts` otherwise.
    Log,
    /// Any real values (a false positive rate), with room as the y axis has.
    Linear,
}

/// The picture: a title over panels.
#[derive(Clone, Debug)]
pub struct Curves {
    /// The line above the panels.
    pub title: String,
    /// What x is (shared by the panels).
    pub x_desc: String,
    /// How x is drawn.
    pub x_axis: XAxis,
    /// The charts, side by side (four: two rows of two).
    pub panels: Vec<Panel>,
}

impl Render for Curves {
    fn render<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, _vector: bool) -> Result<(), String> {
        let err = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
        root.fill(&WHITE).map_err(err)?;
        let body = root.titled(&self.title, (FAMILY, 24)).map_err(err)?;
        // Up to three panels side by side; four in two rows of two.
        let n = self.panels.len().max(1);
        let areas = body.split_evenly(if n == 4 { (2, 2) } else { (1, n) });
        for (panel, area) in self.panels.iter().zip(&areas) {
            let x = x_bounds(panel);
            let (lo, hi) = (x.start + 0.5, x.end - 0.5); // the smallest and largest x
            match self.x_axis {
                XAxis::Log if lo > 0.0 && hi > lo => {
                    self.with_y(area, panel, LogAxis::new(lo / 1.2, hi * 1.2), &|v| tick(*v))?
                }
                XAxis::Linear => {
                    let pad = ((hi - lo) * 0.04).max(1e-9);
                    self.with_y(area, panel, lo - pad..hi + pad, &|v| tick(*v))?
                }
                _ => self.with_y(area, panel, x, &|v| format!("{v:.0}"))?,
            }
        }
        Ok(())
    }
}

impl Curves {
    /// Draws `panel` on `x`, its y axis logarithmic when its values span more than a decade.
    fn with_y<DB: DrawingBackend, X>(
        &self,
        area: &DrawingArea<DB, Shift>,
        panel: &Panel,
        x: X,
        x_label: &dyn Fn(&f64) -> String,
    ) -> Result<(), String>
    where
        X: AsRangedCoord<Value = f64> + Clone,
        X::CoordDescType: ValueFormatter<f64>,
    {
        let (lo, hi) = y_bounds(panel);
        if panel.log_y && lo > 0.0 && hi / lo > 10.0 {
            draw_panel(area, panel, &self.x_desc, x, x_label, LogAxis::new(lo / 1.3, hi * 1.3))
        } else {
            let pad = ((hi - lo) * 0.06).max(1e-9);
            draw_panel(area, panel, &self.x_desc, x, x_label, lo - pad..hi + pad)
        }
    }
}

fn draw_panel<DB: DrawingBackend, X, Y>(
    area: &DrawingArea<DB, Shift>,
    panel: &Panel,
    x_desc: &str,
    x: X,
    x_label: &dyn Fn(&f64) -> String,
    y: Y,
) -> Result<(), String>
where
    X: AsRangedCoord<Value = f64>,
    X::CoordDescType: ValueFormatter<f64>,
    Y: AsRangedCoord<Value = f64>,
    Y::CoordDescType: ValueFormatter<f64>,
{
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    let mut chart = ChartBuilder::on(area)
        .margin(18)
        .x_label_area_size(50)
        .y_label_area_size(78)
        .build_cartesian_2d(x, y)
        .map_err(err)?;
    chart
        .configure_mesh()
        .x_desc(x_desc)
        .y_desc(panel.y_desc.as_str())
        .x_labels(8)
        .y_labels(8)
        .x_label_formatter(x_label)
        .y_label_formatter(&|v| tick(*v))
        .light_line_style(RGBColor(236, 236, 236))
        .bold_line_style(RGBColor(205, 205, 205))
        .label_style((FAMILY, 16))
        .axis_desc_style((FAMILY, 18))
        .draw()
        .map_err(err)?;
    for s in &panel.series {
        let colour = palette::series(s.colour);
        let points = s.points.iter().copied().filter(|p| p.1.is_finite());
        let dots = s.points.len() <= 40;
        // A long, jagged series (a return per episode) in thin lines: thick ones join sharp turns
        // with mitres that spike far outside the chart.
        let width = if s.points.len() > 200 { 1 } else { 3 };
        chart
            .draw_series(LineSeries::new(points.clone(), colour.stroke_width(width)))
            .map_err(err)?
            .label(s.label.as_str())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], colour.stroke_width(3)));
        if dots {
            chart.draw_series(points.map(|p| Circle::new(p, 4, colour.filled()))).map_err(err)?;
        }
    }
    let Some(corner) = panel.legend else { return Ok(()) };
    chart
        .configure_series_labels()
        .position(corner.into())
        .margin(10)
        .background_style(WHITE.mix(0.9))
        .border_style(RGBColor(160, 160, 160))
        .label_font((FAMILY, 16))
        .draw()
        .map_err(err)
}

/// Short tick text: `0.05`, `0.945`, `120`, `1e-5` (no float noise such as `0.30000000000000004`).
pub(crate) fn tick(v: f64) -> String {
    let a = v.abs();
    if a != 0.0 && !(1e-3..1e5).contains(&a) {
        // Four significant digits at most: a grid step of 2e-4 lands on 6.0000000000000001e-4.
        let text = format!("{v:.3e}");
        let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
        let mantissa = mantissa.trim_end_matches('0').trim_end_matches('.');
        return format!("{mantissa}e{exponent}");
    }
    let text = format!("{v:.4}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.to_string()
    }
}

/// The epochs shown: 1..last, widened by half an epoch on each side.
fn x_bounds(panel: &Panel) -> std::ops::Range<f64> {
    let xs = panel.series.iter().flat_map(|s| s.points.iter().map(|p| p.0));
    let (lo, hi) = xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| (a.min(x), b.max(x)));
    if lo.is_finite() {
        lo - 0.5..hi + 0.5
    } else {
        0.0..1.0
    }
}

/// The smallest and largest finite value over every series (0..1 when there is none, or when
/// every value is 0).
fn y_bounds(panel: &Panel) -> (f64, f64) {
    let ys = panel.series.iter().flat_map(|s| s.points.iter().map(|p| p.1)).filter(|v| v.is_finite());
    let (lo, hi) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), y| (a.min(y), b.max(y)));
    match (lo.is_finite(), lo < hi) {
        (true, true) => (lo, hi),
        // A flat line at zero (no unit stuck all run) on the unit range, not on round-off ticks.
        (true, false) if lo == 0.0 => (0.0, 1.0),
        (true, false) => (lo - 0.5 * lo.abs().max(1e-3), hi + 0.5 * hi.abs().max(1e-3)),
        _ => (0.0, 1.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_testing::assert_close;

    #[test]
    fn bounds_cover_every_finite_point() {
        let s = |points: Vec<(f64, f64)>| Series { label: String::new(), points, colour: 0 };
        let p = Panel {
            y_desc: String::new(),
            series: vec![s(vec![(1.0, 2.0), (2.0, f64::NAN)]), s(vec![(3.0, 0.5)])],
            log_y: true,
            legend: None,
        };
        assert_eq!(y_bounds(&p), (0.5, 2.0)); // exact: the smallest and largest finite values, selected
        let x = x_bounds(&p);
        // 1 − 0.5 and 3 + 0.5: f64 sums, 1e-12.
        assert_close("x bounds", &[x.start, x.end], &[0.5, 3.5], 1e-12);
        let flat = Panel { series: vec![s(vec![(1.0, 1.0)])], ..p };
        let (lo, hi) = y_bounds(&flat);
        assert_close("flat y bounds", &[lo, hi], &[0.5, 1.5], 1e-12); // 1 ± 0.5 · 1: f64, 1e-12
        assert_eq!(
            [
                tick(0.05),
                tick(0.945),
                tick(120.0),
                tick(0.30000000000000004),
                tick(2e-5),
                tick(3.0 * 2e-4),
                tick(1.5e6)
            ],
            ["0.05", "0.945", "120", "0.3", "2e-5", "6e-4", "1.5e6"]
        );
    }
}
