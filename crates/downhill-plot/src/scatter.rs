//! Points against one variable per panel, the panels in a grid under one title: a search's
//! validation metric against each hyperparameter, coloured by halving rung. A panel's x axis is
//! logarithmic for positive values spanning more than a decade when asked (a learning rate), or
//! categorical when it has labels (x = 0, 1, … stands for labels[0], labels[1], …).
use crate::curves::tick;
use crate::figure::sealed::Render;
use crate::font::FAMILY;
use crate::log_axis::LogAxis;
use crate::{palette, Corner, Series};
use plotters::coord::ranged1d::{AsRangedCoord, ValueFormatter};
use plotters::coord::Shift;
use plotters::prelude::*;

/// One panel: its variable's name, how its x axis reads, and the groups of points (a `Series`
/// each: its label in the legend, its points, its colour; no lines are drawn).
#[derive(Clone, Debug)]
pub struct ScatterPanel {
    /// What x is.
    pub x_desc: String,
    /// Draw x on a logarithmic axis (positive values only).
    pub log_x: bool,
    /// Categorical x: the label of x = k.
    pub x_labels: Option<Vec<String>>,
    /// The groups of points, one colour and legend entry each.
    pub groups: Vec<Series>,
}

/// The picture: a title over panels sharing the y variable; the first panel holds the legend.
#[derive(Clone, Debug)]
pub struct Scatter {
    /// The line above the panels.
    pub title: String,
    /// What y is (shared by the panels).
    pub y_desc: String,
    /// The panels, side by side.
    pub panels: Vec<ScatterPanel>,
}

impl Render for Scatter {
    fn render<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, _vector: bool) -> Result<(), String> {
        let err = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
        root.fill(&WHITE).map_err(err)?;
        let body = root.titled(&self.title, (FAMILY, 24)).map_err(err)?;
        let n = self.panels.len().max(1);
        let cols = (1..=n).find(|c| c * c >= n).unwrap_or(1);
        let areas = body.split_evenly((n.div_ceil(cols), cols));
        let y = bounds(
            self.panels.iter().flat_map(|p| p.groups.iter().flat_map(|g| g.points.iter().map(|q| q.1))),
        );
        let pad = ((y.1 - y.0) * 0.08).max(1e-9);
        for (k, (panel, area)) in self.panels.iter().zip(&areas).enumerate() {
            let legend = (k == 0).then_some(Corner::LowerRight);
            let (lo, hi) = bounds(panel.groups.iter().flat_map(|g| g.points.iter().map(|q| q.0)));
            let y = y.0 - pad..y.1 + pad;
            if let Some(labels) = &panel.x_labels {
                let label = |v: &f64| {
                    let k = v.round();
                    match (k >= 0.0 && (v - k).abs() < 1e-6, labels.get(k as usize)) {
                        (true, Some(l)) => l.clone(),
                        _ => String::new(),
                    }
                };
                let x = -0.5..(labels.len() as f64 - 0.5);
                draw(area, panel, &self.y_desc, x, y, &label, labels.len() * 2 + 1, legend)?;
            } else if panel.log_x && lo > 0.0 && hi / lo > 10.0 {
                let x = LogAxis::new(lo / 1.3, hi * 1.3);
                draw(area, panel, &self.y_desc, x, y, &|v| tick(*v), 8, legend)?;
            } else {
                let xpad = ((hi - lo) * 0.08).max(0.5);
                draw(area, panel, &self.y_desc, lo - xpad..hi + xpad, y, &|v| tick(*v), 8, legend)?;
            }
        }
        Ok(())
    }
}

#[allow(clippy::too_many_arguments)] // one call per axis kind; a struct would only rename them
fn draw<DB: DrawingBackend, X>(
    area: &DrawingArea<DB, Shift>,
    panel: &ScatterPanel,
    y_desc: &str,
    x: X,
    y: std::ops::Range<f64>,
    x_label: &dyn Fn(&f64) -> String,
    x_ticks: usize,
    legend: Option<Corner>,
) -> Result<(), String>
where
    X: AsRangedCoord<Value = f64>,
    X::CoordDescType: ValueFormatter<f64>,
{
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    let mut chart = ChartBuilder::on(area)
        .margin(14)
        .x_label_area_size(46)
        .y_label_area_size(64)
        .build_cartesian_2d(x, y)
        .map_err(err)?;
    chart
        .configure_mesh()
        .x_desc(panel.x_desc.as_str())
        .y_desc(y_desc)
        .x_labels(x_ticks)
        .y_labels(6)
        .x_label_formatter(x_label)
        .y_label_formatter(&|v| tick(*v))
        .light_line_style(RGBColor(236, 236, 236))
        .bold_line_style(RGBColor(205, 205, 205))
        .label_style((FAMILY, 14))
        .axis_desc_style((FAMILY, 16))
        .draw()
        .map_err(err)?;
    for g in &panel.groups {
        let colour = palette::series(g.colour);
        let points = g.points.iter().copied().filter(|p| p.0.is_finite() && p.1.is_finite());
        chart
            .draw_series(points.map(|p| Circle::new(p, 5, colour.filled())))
            .map_err(err)?
            .label(g.label.as_str())
            .legend(move |(x, y)| Circle::new((x + 10, y), 5, colour.filled()));
    }
    let Some(corner) = legend else { return Ok(()) };
    chart
        .configure_series_labels()
        .position(corner.into())
        .margin(8)
        .background_style(WHITE.mix(0.9))
        .border_style(RGBColor(160, 160, 160))
        .label_font((FAMILY, 14))
        .draw()
        .map_err(err)
}

/// The smallest and largest finite value (0, 1 when there is none).
fn bounds(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(v), b.max(v)));
    if lo.is_finite() {
        (lo, hi)
    } else {
        (0.0, 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{encode, Format};

    #[test]
    fn panels_of_every_axis_kind_draw() {
        let g = |points: Vec<(f64, f64)>| Series { label: "rung 0".into(), points, colour: 0 };
        let scatter = Scatter {
            title: "search".into(),
            y_desc: "accuracy".into(),
            panels: vec![
                ScatterPanel {
                    x_desc: "lr".into(),
                    log_x: true,
                    x_labels: None,
                    groups: vec![g(vec![(1e-4, 0.9), (1e-2, 0.95)])],
                },
                ScatterPanel {
                    x_desc: "hidden".into(),
                    log_x: false,
                    x_labels: Some(vec!["64".into(), "128,64".into()]),
                    groups: vec![g(vec![(0.0, 0.9), (1.0, 0.95)])],
                },
                ScatterPanel {
                    x_desc: "dropout".into(),
                    log_x: false,
                    x_labels: None,
                    groups: vec![g(vec![(0.1, f64::NAN)])],
                },
            ],
        };
        let svg = String::from_utf8(encode(&scatter, Format::Svg).unwrap()).unwrap();
        assert!(svg.contains("128,64") && svg.contains("hidden") && svg.contains("rung 0"));
        assert_eq!(bounds([2.0, f64::NAN, -1.0].into_iter()), (-1.0, 2.0)); // exact: selected values
    }
}
