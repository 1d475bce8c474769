//! Himmelblau's function (Himmelblau 1972), with a = x^2 + y - 11, b = x + y^2 - 7:
//!   f(x, y) = a^2 + b^2
//!   df/dx = 4x a + 2b,   df/dy = 2a + 4y b
//! Four global minima, all with f = 0: (3, 2) exactly and three irrational ones (given to 15 digits);
//! a local maximum near (-0.271, -0.923). Which minimum a run ends in depends on the start.
use crate::{Point, Surface, Window};

/// Himmelblau's function (four minima); its formula, gradient and minima are in its `Surface` methods.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Himmelblau;

impl Surface for Himmelblau {
    fn name(&self) -> &'static str {
        "himmelblau"
    }
    fn formula(&self) -> &'static str {
        "(x^2 + y - 11)^2 + (x + y^2 - 7)^2"
    }
    fn value(&self, [x, y]: Point) -> f64 {
        let (a, b) = (x * x + y - 11.0, x + y * y - 7.0);
        a * a + b * b
    }
    fn gradient(&self, [x, y]: Point) -> Point {
        let (a, b) = (x * x + y - 11.0, x + y * y - 7.0);
        [4.0 * x * a + 2.0 * b, 2.0 * a + 4.0 * y * b]
    }
    fn minima(&self) -> &'static [Point] {
        &[
            [3.0, 2.0],
            [-2.805118086952745, 3.131312518250573],
            [-3.779310253377747, -3.28318599128617],
            [3.584428340330492, -1.848126526964404],
        ]
    }
    fn min_value(&self) -> Option<f64> {
        Some(0.0)
    }
    fn window(&self) -> Window {
        Window { x: (-5.0, 5.0), y: (-5.0, 5.0) }
    }
    fn start(&self) -> Point {
        [0.0, 0.0]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gradcheck::check_surface;

    #[test]
    fn gradient_matches_central_differences_and_all_four_minima_are_zero() {
        check_surface(&Himmelblau, &[[0.0, 0.0], [1.0, -1.0], [-4.0, 4.5], [2.5, 2.5], [-0.27, -0.92]]);
        assert_eq!(Himmelblau.minima().len(), 4);
    }
}
