//! Beale's function (Beale 1958), with a = 1.5 - x + xy, b = 2.25 - x + xy^2, c = 2.625 - x + xy^3:
//!   f(x, y) = a^2 + b^2 + c^2
//!   df/dx = 2a (y - 1) + 2b (y^2 - 1) + 2c (y^3 - 1),   df/dy = 2a x + 4b xy + 6c xy^2
//! Global minimum f(3, 0.5) = 0. Flat plateaus and sharp ridges near the corners of [-4.5, 4.5]^2.
use crate::{Point, Surface, Window};

/// Beale's function; its formula, gradient and minima are in its `Surface` methods.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Beale;

impl Surface for Beale {
    fn name(&self) -> &'static str {
        "beale"
    }
    fn formula(&self) -> &'static str {
        "(1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2"
    }
    fn value(&self, [x, y]: Point) -> f64 {
        let (a, b, c) = terms(x, y);
        a * a + b * b + c * c
    }
    fn gradient(&self, [x, y]: Point) -> Point {
        let (a, b, c) = terms(x, y);
        let dx = 2.0 * a * (y - 1.0) + 2.0 * b * (y * y - 1.0) + 2.0 * c * (y * y * y - 1.0);
        let dy = 2.0 * a * x + 4.0 * b * x * y + 6.0 * c * x * y * y;
        [dx, dy]
    }
    fn minima(&self) -> &'static [Point] {
        &[[3.0, 0.5]]
    }
    fn min_value(&self) -> Option<f64> {
        Some(0.0)
    }
    fn window(&self) -> Window {
        Window { x: (-4.5, 4.5), y: (-4.5, 4.5) }
    }
    fn start(&self) -> Point {
        [1.0, 1.5]
    }
}

fn terms(x: f64, y: f64) -> (f64, f64, f64) {
    (1.5 - x + x * y, 2.25 - x + x * y * y, 2.625 - x + x * y * y * y)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gradcheck::check_surface;

    #[test]
    fn gradient_matches_central_differences_and_minimum_is_zero() {
        check_surface(&Beale, &[[1.0, 1.5], [0.0, 0.0], [-2.0, 3.0], [4.0, -4.0], [3.1, 0.4]]);
    }

    #[test]
    fn value_at_origin() {
        // 1.5^2 + 2.25^2 + 2.625^2
        assert!((Beale.value([0.0, 0.0]) - 14.203125).abs() < 1e-12);
    }
}
