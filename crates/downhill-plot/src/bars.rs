//! A ranked horizontal bar chart: one bar per label, the first at the top, values from zero (the
//! importance of each feature, most important first). At most `MAX_BARS` bars are drawn, so that
//! every label stays legible; the caller says how many it left out.
use crate::figure::sealed::Render;
use crate::font::FAMILY;
use crate::palette;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Bars beyond this many are left out (their count goes into the x-axis description).
pub const MAX_BARS: usize = 30;

/// The picture: labelled values, drawn in the given order from the top.
#[derive(Clone, Debug)]
pub struct Bars {
    /// The line above the chart.
    pub title: String,
    /// What the values measure (the x axis).
    pub x_desc: String,
    /// Each bar's label and value, top first.
    pub bars: Vec<(String, f64)>,
}

impl Render for Bars {
    fn render<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, _vector: bool) -> Result<(), String> {
        let err = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
        root.fill(&WHITE).map_err(err)?;
        let shown = &self.bars[..self.bars.len().min(MAX_BARS)];
        let n = shown.len().max(1);
        let top = shown.iter().map(|b| b.1).filter(|v| v.is_finite()).fold(0.0f64, f64::max);
        let x_desc = match self.bars.len() - shown.len() {
            0 => self.x_desc.clone(),
            more => format!("{} ({more} more not shown)", self.x_desc),
        };
        let label_width = shown.iter().map(|b| b.0.chars().count()).max().unwrap_or(4);
        let mut chart = ChartBuilder::on(root)
            .caption(&self.title, (FAMILY, 24))
            .margin(18)
            .x_label_area_size(50)
            .y_label_area_size((label_width * 9 + 20).clamp(60, 420) as u32)
            .build_cartesian_2d(0.0..(top * 1.05).max(1e-12), 0.0..n as f64)
            .map_err(err)?;
        // Bar k (0 = first) spans [n − k − 1, n − k) on the y axis: the first is at the top.
        let label_of = |y: &f64| {
            let k = n as f64 - y - 0.5;
            match (k.fract().abs() < 1e-6, shown.get(k.round() as usize)) {
                (true, Some(b)) if k >= 0.0 => b.0.clone(),
                _ => String::new(),
            }
        };
        chart
            .configure_mesh()
            .disable_y_mesh()
            .x_desc(x_desc.as_str())
            .y_labels(2 * n + 1)
            .y_label_formatter(&label_of)
            .light_line_style(RGBColor(236, 236, 236))
            .bold_line_style(RGBColor(205, 205, 205))
            .label_style((FAMILY, 15))
            .axis_desc_style((FAMILY, 18))
            .draw()
            .map_err(err)?;
        let colour = palette::series(0);
        chart
            .draw_series(shown.iter().enumerate().filter(|(_, b)| b.1.is_finite()).map(|(k, b)| {
                let y = (n - k - 1) as f64;
                Rectangle::new([(0.0, y + 0.15), (b.1.max(0.0), y + 0.85)], colour.filled())
            }))
            .map_err(err)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{encode, Format};

    #[test]
    fn draws_every_label_and_leaves_out_the_bars_past_the_limit() {
        let bars = |n: usize| Bars {
            title: "importance".into(),
            x_desc: "mean |attribution|".into(),
            bars: (0..n).map(|k| (format!("feature_{k}"), 1.0 / (k + 1) as f64)).collect(),
        };
        let svg = String::from_utf8(encode(&bars(3), Format::Svg).unwrap()).unwrap();
        assert!(["feature_0", "feature_1", "feature_2"].iter().all(|l| svg.contains(l)), "every label drawn");
        let svg = String::from_utf8(encode(&bars(MAX_BARS + 5), Format::Svg).unwrap()).unwrap();
        assert!(svg.contains("5 more not shown") && !svg.contains(&format!("feature_{}<", MAX_BARS)));
        assert_eq!(&encode(&bars(3), Format::Png).unwrap()[1..4], b"PNG");
    }
}
