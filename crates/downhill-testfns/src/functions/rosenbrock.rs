//! Rosenbrock's banana valley (Rosenbrock 1960):
//!   f(x, y) = (1 - x)^2 + 100 (y - x^2)^2
//!   df/dx = -2 (1 - x) - 400 x (y - x^2),   df/dy = 200 (y - x^2)
//! Global minimum f(1, 1) = 0 at the end of a long, curved, flat-bottomed valley: easy to find the
//! valley, slow to follow it. Values span many decades, so its contours are best drawn on a log scale.
use crate::{Point, Surface, Window};

/// Rosenbrock's banana valley; its formula, gradient and minima are in its `Surface` methods.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rosenbrock;

impl Surface for Rosenbrock {
    fn name(&self) -> &'static str {
        "rosenbrock"
    }
    fn formula(&self) -> &'static str {
        "(1 - x)^2 + 100 (y - x^2)^2"
    }
    fn value(&self, [x, y]: Point) -> f64 {
        (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2)
    }
    fn gradient(&self, [x, y]: Point) -> Point {
        [-2.0 * (1.0 - x) - 400.0 * x * (y - x * x), 200.0 * (y - x * x)]
    }
    fn minima(&self) -> &'static [Point] {
        &[[1.0, 1.0]]
    }
    fn min_value(&self) -> Option<f64> {
        Some(0.0)
    }
    fn window(&self) -> Window {
        Window { x: (-2.0, 2.0), y: (-1.0, 3.0) }
    }
    fn start(&self) -> Point {
        [-1.5, 2.0]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gradcheck::check_surface;

    #[test]
    fn gradient_matches_central_differences_and_minimum_is_zero() {
        check_surface(&Rosenbrock, &[[-1.5, 2.0], [0.0, 0.0], [0.3, -0.7], [1.9, 2.9], [-0.5, 0.25]]);
    }

    #[test]
    fn value_at_the_usual_start() {
        // (1 + 1.5)^2 + 100 (2 - 2.25)^2 = 6.25 + 6.25
        assert!((Rosenbrock.value([-1.5, 2.0]) - 12.5).abs() < 1e-12);
    }
}
