//! Matyas' function, a convex quadratic bowl stretched along the diagonal:
//!   f(x, y) = 0.26 (x^2 + y^2) - 0.48 xy,   df/dx = 0.52x - 0.48y,   df/dy = 0.52y - 0.48x
//! Global minimum f(0, 0) = 0. Hessian [[0.52, -0.48], [-0.48, 0.52]]: eigenvalues 1 and 0.04,
//! condition number 25 along the rotated axes (so per-coordinate methods do not help here).
use crate::{Point, Surface, Window};

/// Matyas' convex quadratic; its formula, gradient and minima are in its `Surface` methods.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Matyas;

impl Surface for Matyas {
    fn name(&self) -> &'static str {
        "matyas"
    }
    fn formula(&self) -> &'static str {
        "0.26 (x^2 + y^2) - 0.48 xy"
    }
    fn value(&self, [x, y]: Point) -> f64 {
        0.26 * (x * x + y * y) - 0.48 * x * y
    }
    fn gradient(&self, [x, y]: Point) -> Point {
        [0.52 * x - 0.48 * y, 0.52 * y - 0.48 * x]
    }
    fn minima(&self) -> &'static [Point] {
        &[[0.0, 0.0]]
    }
    fn min_value(&self) -> Option<f64> {
        Some(0.0)
    }
    fn window(&self) -> Window {
        Window { x: (-10.0, 10.0), y: (-10.0, 10.0) }
    }
    fn start(&self) -> Point {
        [-8.0, 3.0]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gradcheck::check_surface;

    #[test]
    fn gradient_matches_central_differences_and_minimum_is_zero() {
        check_surface(&Matyas, &[[-8.0, 3.0], [5.0, 5.0], [0.1, -9.0]]);
    }
}
