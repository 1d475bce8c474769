//! Filled contours: the function sampled on a grid over the view and cut into bands of equal width
//! in log space, so a function spanning many decades (Rosenbrock: 0 to ~2500 over its window) shows
//! structure both near the minimum and far away:
//!   s(f) = ln(1 + f - f_lo),   band = floor(n * s / s_hi), clamped to n - 1
//! with f_lo the lowest sampled (or given minimum) value and s_hi the 98th percentile of s (so a few
//! extreme corners do not take all the bands). Cells of one band are merged along each grid row, so
//! a picture needs thousands of rectangles, not tens of thousands (this keeps SVGs small).
use crate::{Point, Window};

/// A horizontal run of grid cells in one band.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BandRect {
    pub x: (f64, f64),
    pub y: (f64, f64),
    pub band: usize,
}

/// The banded picture of `f` over a view.
#[derive(Clone, Debug)]
pub struct Bands {
    pub rects: Vec<BandRect>,
    pub count: usize,
    /// Function values at the band edges (`count + 1` of them), for a colour key.
    pub edges: Vec<f64>,
}

/// Samples `f` at the centres of an `nx` x `ny` grid over `view` and bands it into `count` levels;
/// `min_value`, when known, is the lowest band's floor even if no sample reaches it.
pub fn bands(
    f: &dyn Fn(Point) -> f64,
    min_value: Option<f64>,
    view: &Window,
    nx: usize,
    ny: usize,
    count: usize,
) -> Bands {
    let (dx, dy) = ((view.x.1 - view.x.0) / nx as f64, (view.y.1 - view.y.0) / ny as f64);
    let centre = |i: usize, j: usize| [view.x.0 + (i as f64 + 0.5) * dx, view.y.0 + (j as f64 + 0.5) * dy];
    let values: Vec<f64> =
        (0..ny).flat_map(|j| (0..nx).map(move |i| (i, j))).map(|(i, j)| f(centre(i, j))).collect();
    let finite = values.iter().copied().filter(|v| v.is_finite());
    let lo = finite.fold(min_value.unwrap_or(f64::INFINITY), f64::min);
    let scaled = |v: f64| (1.0 + (v - lo).max(0.0)).ln();
    let mut sorted: Vec<f64> = values.iter().map(|&v| scaled(v)).filter(|s| s.is_finite()).collect();
    sorted.sort_by(f64::total_cmp);
    let hi = sorted.get(sorted.len() * 98 / 100).copied().filter(|h| *h > 0.0).unwrap_or(1.0);
    let band = |v: f64| {
        let s = scaled(v);
        if s.is_finite() {
            ((s / hi * count as f64) as usize).min(count - 1)
        } else {
            count - 1
        }
    };
    let mut rects = Vec::new();
    for j in 0..ny {
        let y = (view.y.0 + j as f64 * dy, view.y.0 + (j + 1) as f64 * dy);
        let mut i = 0;
        while i < nx {
            let b = band(values[j * nx + i]);
            let start = i;
            while i < nx && band(values[j * nx + i]) == b {
                i += 1;
            }
            rects.push(BandRect { x: (view.x.0 + start as f64 * dx, view.x.0 + i as f64 * dx), y, band: b });
        }
    }
    let edges = (0..=count).map(|k| lo + (hi * k as f64 / count as f64).exp() - 1.0).collect();
    Bands { rects, count, edges }
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_testfns::{Rosenbrock, Saddle, Surface};

    #[test]
    fn rows_are_covered_exactly_and_bands_rise_with_the_value() {
        let w = Rosenbrock.window();
        let b = bands(&|p| Rosenbrock.value(p), Rosenbrock.min_value(), &w, 200, 30, 12);
        let mut rows: Vec<f64> = b.rects.iter().map(|r| r.y.0).collect();
        rows.dedup();
        assert_eq!(rows.len(), 30);
        for y in rows {
            let width: f64 = b.rects.iter().filter(|r| r.y.0 == y).map(|r| r.x.1 - r.x.0).sum();
            assert!((width - (w.x.1 - w.x.0)).abs() < 1e-9, "row {y}: {width}");
        }
        assert!(b.rects.len() < 200 * 30 / 5, "{} rects", b.rects.len()); // runs are merged
        let max_band = b.rects.iter().map(|r| r.band).max().unwrap();
        assert_eq!((max_band, b.edges.len()), (11, 13));
        assert!(b.edges.windows(2).all(|e| e[0] < e[1]) && b.edges[0].abs() < 1.0);
    }

    #[test]
    fn functions_without_a_minimum_band_from_their_lowest_sample() {
        let b = bands(&|p| Saddle.value(p), Saddle.min_value(), &Saddle.window(), 20, 20, 8);
        assert!(b.edges[0] < -3.0 && b.rects.iter().any(|r| r.band == 0));
    }
}
