//! Clipping a trajectory to the plotted window (Liang–Barsky per segment), so points far outside
//! (a diverging run) never reach the backend as huge pixel coordinates. A polyline becomes the list
//! of its visible pieces.
use crate::{Point, Window};

/// The part of segment `a -> b` inside `w`, if any:
///   p(t) = a + t (b - a), 0 <= t <= 1, clipped against each of the four edges.
pub fn clip_segment(a: Point, b: Point, w: &Window) -> Option<(Point, Point)> {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [(-dx, a[0] - w.x.0), (dx, w.x.1 - a[0]), (-dy, a[1] - w.y.0), (dy, w.y.1 - a[1])] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
        }
    }
    // exact end points when uncut, so consecutive visible segments join into one piece
    let at = |t: f64, end: Point| if t == 0.0 || t == 1.0 { end } else { [a[0] + t * dx, a[1] + t * dy] };
    (t0 <= t1).then(|| (at(t0, a), at(t1, b)))
}

/// The visible pieces of the polyline through `points`.
pub fn clip_polyline(points: &[Point], w: &Window) -> Vec<Vec<Point>> {
    let mut pieces: Vec<Vec<Point>> = Vec::new();
    let mut open = false;
    for pair in points.windows(2) {
        match clip_segment(pair[0], pair[1], w) {
            Some((a, b)) => {
                if !open {
                    pieces.push(vec![a]);
                }
                if let Some(piece) = pieces.last_mut() {
                    piece.push(b);
                }
                open = b == pair[1];
            }
            None => open = false,
        }
    }
    if points.len() == 1 && w.contains(points[0]) {
        pieces.push(vec![points[0]]);
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_testing::assert_close;

    const W: Window = Window { x: (0.0, 1.0), y: (0.0, 1.0) };

    #[test]
    fn segments_are_cut_at_the_edges() {
        // Cut points are a + t (b − a) with t a quotient: f64 divisions, products and sums, 1e-12.
        let cut = |a, b| clip_segment(a, b, &W).map(|(p, q)| [p[0], p[1], q[0], q[1]]).expect("visible");
        assert_close("cut at x = 1", &cut([0.5, 0.5], [1.5, 0.5]), &[0.5, 0.5, 1.0, 0.5], 1e-12);
        assert_close("cut at both edges", &cut([-1.0, 0.5], [2.0, 0.5]), &[0.0, 0.5, 1.0, 0.5], 1e-12);
        assert_eq!(clip_segment([2.0, 2.0], [3.0, 3.0], &W), None);
        // Exact: an uncut segment returns its end points as given, so consecutive pieces join.
        assert_eq!(clip_segment([0.2, 0.2], [0.4, 0.4], &W), Some(([0.2, 0.2], [0.4, 0.4])));
    }

    #[test]
    fn a_polyline_leaving_and_returning_splits_into_pieces() {
        let pts = [[0.5, 0.5], [0.8, 0.5], [2.0, 0.5], [0.6, 0.4], [0.5, 0.3]];
        let pieces = clip_polyline(&pts, &W);
        assert_eq!(pieces.len(), 2, "{pieces:?}");
        assert_eq!(pieces[0].len(), 3, "{pieces:?}");
        // Exact: points inside the window are copied.
        assert_eq!(pieces[0][..2], [[0.5, 0.5], [0.8, 0.5]]);
        assert_eq!(pieces[1].last(), Some(&[0.5, 0.3]));
        // The exit point is interpolated: f64 arithmetic, 1e-12.
        assert_close("exit point", &pieces[0][2], &[1.0, 0.5], 1e-12);
        assert!(clip_polyline(&[[1e30, 1e30], [-1e30, 5e30]], &W).is_empty());
    }
}
