//! The saddle x^2 - y^2 (a hyperbolic paraboloid):
//!   f(x, y) = x^2 - y^2,   df/dx = 2x,   df/dy = -2y
//! Unbounded below, so it has no minimum: its only stationary point (0, 0) is a saddle. Started on
//! (or near) the line y = 0, gradient descent creeps towards the saddle and leaves along y only as
//! fast as the small y component grows: the picture of "saddles slow you down".
use crate::{Point, Surface, Window};

/// The saddle x² − y²; its formula, gradient and minima are in its `Surface` methods.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Saddle;

impl Surface for Saddle {
    fn name(&self) -> &'static str {
        "saddle"
    }
    fn formula(&self) -> &'static str {
        "x^2 - y^2"
    }
    fn value(&self, [x, y]: Point) -> f64 {
        x * x - y * y
    }
    fn gradient(&self, [x, y]: Point) -> Point {
        [2.0 * x, -2.0 * y]
    }
    fn minima(&self) -> &'static [Point] {
        &[]
    }
    fn min_value(&self) -> Option<f64> {
        None
    }
    fn window(&self) -> Window {
        Window { x: (-2.0, 2.0), y: (-2.0, 2.0) }
    }
    fn start(&self) -> Point {
        [1.5, 0.01]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gradcheck::check_surface;

    #[test]
    fn gradient_matches_central_differences_and_there_is_no_minimum() {
        check_surface(&Saddle, &[[1.5, 0.01], [-1.0, 2.0], [0.0, 0.0]]);
        assert!(Saddle.minima().is_empty() && Saddle.min_value().is_none());
        // Stationary, but not a minimum. Exact: [2x, −2y] at 0 multiplies by zero.
        assert_eq!(Saddle.gradient([0.0, 0.0]), [0.0, 0.0]);
        assert!(Saddle.value([0.0, 1.0]) < Saddle.value([0.0, 0.0]));
    }
}
