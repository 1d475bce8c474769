//! Rastrigin's function in 2-D (Rastrigin 1974), A = 10:
//!   f(x, y) = 2A + x^2 - A cos(2 pi x) + y^2 - A cos(2 pi y)
//!   df/dx = 2x + 2 pi A sin(2 pi x)   (and likewise in y)
//! Global minimum f(0, 0) = 0 among a regular grid of local minima near the integer points:
//! gradient methods stop in the nearest dip, which is the point of showing it.
use crate::{Point, Surface, Window};
use std::f64::consts::PI;

const A: f64 = 10.0;

/// Rastrigin's function (many local minima); its formula, gradient and minima are in its `Surface` methods.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rastrigin;

impl Surface for Rastrigin {
    fn name(&self) -> &'static str {
        "rastrigin"
    }
    fn formula(&self) -> &'static str {
        "20 + x^2 - 10 cos(2 pi x) + y^2 - 10 cos(2 pi y)"
    }
    fn value(&self, [x, y]: Point) -> f64 {
        2.0 * A + x * x - A * (2.0 * PI * x).cos() + y * y - A * (2.0 * PI * y).cos()
    }
    fn gradient(&self, [x, y]: Point) -> Point {
        let d = |t: f64| 2.0 * t + 2.0 * PI * A * (2.0 * PI * t).sin();
        [d(x), d(y)]
    }
    fn minima(&self) -> &'static [Point] {
        &[[0.0, 0.0]]
    }
    fn min_value(&self) -> Option<f64> {
        Some(0.0)
    }
    fn window(&self) -> Window {
        Window { x: (-5.12, 5.12), y: (-5.12, 5.12) }
    }
    fn start(&self) -> Point {
        [3.3, -2.6]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gradcheck::check_surface;

    #[test]
    fn gradient_matches_central_differences_and_minimum_is_zero() {
        check_surface(&Rastrigin, &[[3.3, -2.6], [0.25, 0.1], [-5.0, 4.9], [1.0, 1.0]]);
    }

    #[test]
    fn integer_points_are_local_dips() {
        // at (1, 0): 20 + 1 - 10 - 10 = 1, and cos terms are at their maximum
        assert!((Rastrigin.value([1.0, 0.0]) - 1.0).abs() < 1e-12);
        assert!(Rastrigin.value([1.1, 0.0]) > 1.0 && Rastrigin.value([0.9, 0.0]) > 1.0);
    }
}
