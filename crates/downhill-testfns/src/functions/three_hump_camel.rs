//! The three-hump camel function:
//!   f(x, y) = 2x^2 - 1.05x^4 + x^6 / 6 + xy + y^2
//!   df/dx = 4x - 4.2x^3 + x^5 + y,   df/dy = x + 2y
//! Global minimum f(0, 0) = 0, flanked by two local minima near (+-1.7476, -+0.8738) with
//! f ~ 0.2986: the start decides which one a gradient method finds.
use crate::{Point, Surface, Window};

/// The three-hump camel function; its formula, gradient and minima are in its `Surface` methods.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ThreeHumpCamel;

impl Surface for ThreeHumpCamel {
    fn name(&self) -> &'static str {
        "three-hump-camel"
    }
    fn formula(&self) -> &'static str {
        "2x^2 - 1.05x^4 + x^6 / 6 + xy + y^2"
    }
    fn value(&self, [x, y]: Point) -> f64 {
        2.0 * x * x - 1.05 * x.powi(4) + x.powi(6) / 6.0 + x * y + y * y
    }
    fn gradient(&self, [x, y]: Point) -> Point {
        [4.0 * x - 4.2 * x.powi(3) + x.powi(5) + y, x + 2.0 * y]
    }
    fn minima(&self) -> &'static [Point] {
        &[[0.0, 0.0]]
    }
    fn min_value(&self) -> Option<f64> {
        Some(0.0)
    }
    fn window(&self) -> Window {
        Window { x: (-2.0, 2.0), y: (-2.0, 2.0) }
    }
    fn start(&self) -> Point {
        [-1.0, 1.5]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gradcheck::check_surface;

    #[test]
    fn gradient_matches_central_differences_and_minimum_is_zero() {
        check_surface(&ThreeHumpCamel, &[[-1.0, 1.5], [1.7, -0.9], [0.2, 0.3], [-1.9, -1.9]]);
    }

    #[test]
    fn side_dips_are_local_minima_above_zero() {
        let p = [1.74755, -0.873776];
        let g = ThreeHumpCamel.gradient(p);
        assert!(g[0].abs() < 1e-3 && g[1].abs() < 1e-3, "{g:?}");
        assert!((ThreeHumpCamel.value(p) - 0.2986).abs() < 1e-3);
    }
}
