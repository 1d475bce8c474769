//! An ill-conditioned convex quadratic:
//!   f(x, y) = 0.5 (x^2 + 100 y^2),   df/dx = x,   df/dy = 100 y
//! Hessian diag(1, 100), so the condition number is kappa = 100. Plain gradient descent is stable
//! only for lr < 2 / 100 and then needs on the order of kappa steps to move along x: it zig-zags
//! across the narrow y direction. Momentum and per-coordinate scaling (Adam, RMSprop) fix this.
//! Global minimum f(0, 0) = 0.
use crate::{Point, Surface, Window};

/// The curvature along y (along x it is 1): the condition number.
pub const CONDITION_NUMBER: f64 = 100.0;

/// 0.5 (x² + 100 y²), condition number 100; its formula, gradient and minima are in its `Surface` methods.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IllConditioned;

impl Surface for IllConditioned {
    fn name(&self) -> &'static str {
        "ill-conditioned"
    }
    fn formula(&self) -> &'static str {
        "0.5 (x^2 + 100 y^2)"
    }
    fn value(&self, [x, y]: Point) -> f64 {
        0.5 * (x * x + CONDITION_NUMBER * y * y)
    }
    fn gradient(&self, [x, y]: Point) -> Point {
        [x, CONDITION_NUMBER * y]
    }
    fn minima(&self) -> &'static [Point] {
        &[[0.0, 0.0]]
    }
    fn min_value(&self) -> Option<f64> {
        Some(0.0)
    }
    fn window(&self) -> Window {
        Window { x: (-3.0, 3.0), y: (-1.5, 1.5) }
    }
    fn start(&self) -> Point {
        [-2.5, 1.0]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gradcheck::check_surface;

    #[test]
    fn gradient_matches_central_differences_and_minimum_is_zero() {
        check_surface(&IllConditioned, &[[-2.5, 1.0], [0.3, -0.2], [2.9, 1.4]]);
    }

    #[test]
    fn curvatures_give_the_documented_condition_number() {
        // second differences along each axis at the origin: f(h e_i) = 0.5 c_i h^2
        let h = 1e-3;
        let cx = 2.0 * IllConditioned.value([h, 0.0]) / (h * h);
        let cy = 2.0 * IllConditioned.value([0.0, h]) / (h * h);
        assert!((cy / cx - CONDITION_NUMBER).abs() < 1e-9);
    }
}
