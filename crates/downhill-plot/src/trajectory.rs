//! One trajectory on the contour map: its path clipped to the view, a dot at every iterate when
//! there are few, and a dot at its end carrying the legend entry.
use crate::clip::clip_polyline;
use crate::contour_map::Chart;
use crate::{Point, Window};
use plotters::prelude::*;

/// A labelled path through the plane, e.g. the iterates of one optimizer.
#[derive(Clone, Debug, PartialEq)]
pub struct Trajectory {
    /// The legend entry, e.g. `adam (lr 0.05): loss 1.2e-6, ≤ 0.001 at step 212`.
    pub label: String,
    /// The points in order; non-finite ones should be left out.
    pub points: Vec<Point>,
}

/// Paths with at most this many points also get a dot at every iterate.
const DOTTED_UP_TO: usize = 150;

/// Racers follow the same valleys, so earlier paths are drawn wider and underneath: overlapping
/// paths show as nested stripes instead of hiding each other. Widths 2, 3.5, 5, ... up to 9 px.
pub(crate) fn path_width(i: usize, n: usize) -> u32 {
    (2 + 3 * (n - 1 - i) / 2).min(9) as u32
}

pub(crate) fn draw_path<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart<'a, DB>,
    t: &Trajectory,
    colour: RGBColor,
    width: u32,
    view: &Window,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    for piece in clip_polyline(&t.points, view) {
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
    if t.points.len() <= DOTTED_UP_TO {
        let inside = t.points.iter().filter(|p| view.contains(**p));
        chart.draw_series(
            inside.map(|p| Circle::new((p[0], p[1]), (width / 2 + 2) as i32, colour.filled())),
        )?;
    }
    Ok(())
}

/// The trajectory's end point, and its legend entry.
pub(crate) fn draw_end<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart<'a, DB>,
    t: &Trajectory,
    colour: RGBColor,
    view: &Window,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let end: Vec<Point> = t.points.last().copied().filter(|p| view.contains(*p)).into_iter().collect();
    let dot = |c: (f64, f64)| {
        EmptyElement::at(c)
            + Circle::new((0, 0), 6, colour.filled())
            + Circle::new((0, 0), 6, BLACK.stroke_width(1))
    };
    chart.draw_series(end.iter().map(|p| dot((p[0], p[1]))))?.label(t.label.as_str()).legend(
        move |(x, y)| {
            EmptyElement::at((x, y))
                + PathElement::new(vec![(0, 0), (22, 0)], colour.stroke_width(3))
                + Circle::new((22, 0), 4, colour.filled())
        },
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::path_width;

    #[test]
    fn earlier_paths_are_wider_up_to_nine_pixels() {
        // 2 + 3 (n - 1 - i) / 2 in integers: 2, 3, 5, 6, 8, 9, then capped at 9
        let widths: Vec<u32> = (0..8).map(|i| path_width(i, 8)).collect();
        assert_eq!(widths, [9, 9, 9, 8, 6, 5, 3, 2]);
    }
}
