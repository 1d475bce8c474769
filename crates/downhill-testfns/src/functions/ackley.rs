//! Ackley's function in 2-D (Ackley 1987), with r = sqrt((x^2 + y^2) / 2) and
//! c = (cos(2 pi x) + cos(2 pi y)) / 2:
//!   f(x, y) = -20 exp(-0.2 r) - exp(c) + e + 20
//!   df/dx = 2x exp(-0.2 r) / r + pi sin(2 pi x) exp(c)   (and likewise in y)
//! Global minimum f(0, 0) = 0 at the bottom of a cone covered in ripples. The cone term is not
//! differentiable at the origin; there we return its zero subgradient, so the gradient is 0.
use crate::{Point, Surface, Window};
use std::f64::consts::{E, PI};

/// Ackley's function (many local minima); its formula, gradient and minima are in its `Surface` methods.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ackley;

fn radius_and_ripple(x: f64, y: f64) -> (f64, f64) {
    (((x * x + y * y) / 2.0).sqrt(), ((2.0 * PI * x).cos() + (2.0 * PI * y).cos()) / 2.0)
}

impl Surface for Ackley {
    fn name(&self) -> &'static str {
        "ackley"
    }
    fn formula(&self) -> &'static str {
        "-20 exp(-0.2 sqrt((x^2 + y^2) / 2)) - exp((cos 2 pi x + cos 2 pi y) / 2) + e + 20"
    }
    fn value(&self, [x, y]: Point) -> f64 {
        let (r, c) = radius_and_ripple(x, y);
        -20.0 * (-0.2 * r).exp() - c.exp() + E + 20.0
    }
    fn gradient(&self, [x, y]: Point) -> Point {
        let (r, c) = radius_and_ripple(x, y);
        let cone = if r > 0.0 { 2.0 * (-0.2 * r).exp() / r } else { 0.0 };
        let ripple = PI * c.exp();
        [cone * x + ripple * (2.0 * PI * x).sin(), cone * y + ripple * (2.0 * PI * y).sin()]
    }
    fn minima(&self) -> &'static [Point] {
        &[[0.0, 0.0]]
    }
    fn min_value(&self) -> Option<f64> {
        Some(0.0)
    }
    fn window(&self) -> Window {
        Window { x: (-5.0, 5.0), y: (-5.0, 5.0) }
    }
    fn start(&self) -> Point {
        [3.2, 2.6]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gradcheck::check_surface;

    #[test]
    fn gradient_matches_central_differences_and_minimum_is_zero() {
        check_surface(&Ackley, &[[3.2, 2.6], [0.1, -0.05], [-4.5, 1.5], [1.0, 1.0]]);
    }

    #[test]
    fn origin_has_zero_subgradient() {
        // Exact: the cone term is the literal subgradient 0 at r = 0, and sin(0) = 0 (C Annex F).
        assert_eq!(Ackley.gradient([0.0, 0.0]), [0.0, 0.0]);
        assert!(Ackley.value([0.0, 0.0]).abs() < 1e-15);
    }
}
