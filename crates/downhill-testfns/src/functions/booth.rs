//! Booth's function, a convex quadratic with a tilted, elongated bowl:
//!   f(x, y) = (x + 2y - 7)^2 + (2x + y - 5)^2
//!   df/dx = 2a + 4b,   df/dy = 4a + 2b   with a = x + 2y - 7, b = 2x + y - 5
//! Global minimum f(1, 3) = 0. Hessian [[10, 8], [8, 10]]: eigenvalues 18 and 2, condition number 9.
use crate::{Point, Surface, Window};

/// Booth's convex quadratic; its formula, gradient and minima are in its `Surface` methods.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Booth;

impl Surface for Booth {
    fn name(&self) -> &'static str {
        "booth"
    }
    fn formula(&self) -> &'static str {
        "(x + 2y - 7)^2 + (2x + y - 5)^2"
    }
    fn value(&self, [x, y]: Point) -> f64 {
        (x + 2.0 * y - 7.0).powi(2) + (2.0 * x + y - 5.0).powi(2)
    }
    fn gradient(&self, [x, y]: Point) -> Point {
        let (a, b) = (x + 2.0 * y - 7.0, 2.0 * x + y - 5.0);
        [2.0 * a + 4.0 * b, 4.0 * a + 2.0 * b]
    }
    fn minima(&self) -> &'static [Point] {
        &[[1.0, 3.0]]
    }
    fn min_value(&self) -> Option<f64> {
        Some(0.0)
    }
    fn window(&self) -> Window {
        Window { x: (-10.0, 10.0), y: (-10.0, 10.0) }
    }
    fn start(&self) -> Point {
        [-7.0, -6.0]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gradcheck::check_surface;

    #[test]
    fn gradient_matches_central_differences_and_minimum_is_zero() {
        check_surface(&Booth, &[[-7.0, -6.0], [0.0, 0.0], [9.0, -9.5], [1.0, 3.0]]);
    }
}
