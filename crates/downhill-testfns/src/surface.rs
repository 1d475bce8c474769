//! The `Surface` trait: a scalar function of a point `p = [x, y]` with its analytic gradient
//! `grad f(p) = [df/dx, df/dy]`, its known global minimisers, a plotting window and a start.
//! Everything is `f64`; callers that optimise in `f32` convert at the boundary.
use std::fmt;

/// A point `[x, y]` in the plane.
pub type Point = [f64; 2];

/// The axis ranges `[x.0, x.1] x [y.0, y.1]` in which a function is usually drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Window {
    /// The x range, (low, high).
    pub x: (f64, f64),
    /// The y range, (low, high).
    pub y: (f64, f64),
}

impl Window {
    /// Whether `p` lies inside the window (edges included).
    pub fn contains(&self, p: Point) -> bool {
        (self.x.0..=self.x.1).contains(&p[0]) && (self.y.0..=self.y.1).contains(&p[1])
    }
}

/// A 2-D test function: value, analytic gradient and what is known about it.
///
/// ```
/// use downhill_testfns::{Booth, Surface};
/// let g = Booth.gradient([0.0, 0.0]);
/// // 2(-7) + 4(-5), 4(-7) + 2(-5), a few f64 operations each: 1e-12
/// assert!((g[0] + 34.0).abs() < 1e-12 && (g[1] + 38.0).abs() < 1e-12, "{g:?}");
/// ```
pub trait Surface: fmt::Debug + Send + Sync {
    /// The canonical name, as the CLI spells it.
    fn name(&self) -> &'static str;
    /// The formula in plain text, e.g. `(1 - x)^2 + 100 (y - x^2)^2`.
    fn formula(&self) -> &'static str;
    /// f(p).
    fn value(&self, p: Point) -> f64;
    /// ∇f(p), analytic.
    fn gradient(&self, p: Point) -> Point;
    /// Every known global minimiser; empty when the function is unbounded below.
    fn minima(&self) -> &'static [Point];
    /// The value at the global minimisers; `None` when unbounded below.
    fn min_value(&self) -> Option<f64>;
    /// A window that shows the interesting structure.
    fn window(&self) -> Window;
    /// A conventional starting point inside the window, away from the minimum.
    fn start(&self) -> Point;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_contains_its_edges_only() {
        let w = Window { x: (-1.0, 1.0), y: (0.0, 2.0) };
        assert!(w.contains([-1.0, 2.0]) && w.contains([0.0, 1.0]));
        assert!(!w.contains([1.5, 1.0]) && !w.contains([0.0, -0.1]) && !w.contains([f64::NAN, 1.0]));
    }
}
