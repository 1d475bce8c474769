//! Where a legend goes: one of the four corners of a chart. A contour map puts it in the corner that
//! hides the fewest trajectory points; a line chart takes it from the caller (where its curves are not).
use crate::{Point, Window};
use plotters::chart::SeriesLabelPosition;

/// A corner of the plotting area.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Corner {
    /// Top left.
    UpperLeft,
    /// Top right.
    UpperRight,
    /// Bottom left.
    LowerLeft,
    /// Bottom right.
    LowerRight,
}

impl From<Corner> for SeriesLabelPosition {
    fn from(c: Corner) -> SeriesLabelPosition {
        match c {
            Corner::UpperLeft => SeriesLabelPosition::UpperLeft,
            Corner::UpperRight => SeriesLabelPosition::UpperRight,
            Corner::LowerLeft => SeriesLabelPosition::LowerLeft,
            Corner::LowerRight => SeriesLabelPosition::LowerRight,
        }
    }
}

/// The corner whose legend-sized box (45% x 30% of `view`) holds the least weight of `points`;
/// ties go to the first of upper right, upper left, lower right, lower left.
pub fn emptiest_corner(points: &[(Point, usize)], view: &Window) -> Corner {
    let (w, h) = (0.45 * (view.x.1 - view.x.0), 0.3 * (view.y.1 - view.y.0));
    let boxes = [
        (Corner::UpperRight, (view.x.1 - w, view.x.1), (view.y.1 - h, view.y.1)),
        (Corner::UpperLeft, (view.x.0, view.x.0 + w), (view.y.1 - h, view.y.1)),
        (Corner::LowerRight, (view.x.1 - w, view.x.1), (view.y.0, view.y.0 + h)),
        (Corner::LowerLeft, (view.x.0, view.x.0 + w), (view.y.0, view.y.0 + h)),
    ];
    let cost = |(_, x, y): &(Corner, (f64, f64), (f64, f64))| {
        let inside = Window { x: *x, y: *y };
        points.iter().filter(|(p, _)| inside.contains(*p)).map(|(_, w)| w).sum::<usize>()
    };
    boxes.iter().min_by_key(|b| cost(b)).map_or(Corner::UpperRight, |b| b.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_legend_avoids_paths_and_the_start() {
        // boxes on rosenbrock's window: upper right x in [0.2, 2], y in [1.8, 3]; upper left
        // x in [-2, -0.2], same y. The start (1.5, 2.5) rules out the upper right, the paths
        // (near (-1.5, 2)) the upper left, so the legend goes to the first empty one: lower right.
        let view = Window { x: (-2.0, 2.0), y: (-1.0, 3.0) };
        let path = [[-1.5, 2.0], [-1.345, 2.05], [-1.5, 2.0]].map(|p| (p, 1));
        let marks = [([1.0, 1.0], 1000), ([1.5, 2.5], 1000)]; // the minimum and the start
        let points: Vec<(Point, usize)> = path.into_iter().chain(marks).collect();
        assert_eq!(emptiest_corner(&points, &view), Corner::LowerRight);
    }

    #[test]
    fn an_empty_chart_keeps_the_upper_right() {
        assert_eq!(emptiest_corner(&[], &Window { x: (0.0, 1.0), y: (0.0, 1.0) }), Corner::UpperRight);
    }
}
