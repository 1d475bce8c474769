//! Minimiser of the cubic through two points with values and slopes (Nocedal & Wright, eq. 3.59),
//! clamped to `bounds` (default: the interval between the points), as torch's `_cubic_interpolate`:
//!   d1 = g1 + g2 - 3 (f1 - f2) / (x1 - x2);   d2 = sqrt(d1^2 - g1 g2)
//!   x* = x2 - (x2 - x1) (g2 + d2 - d1) / (g2 - g1 + 2 d2)   (for x1 <= x2; mirrored otherwise)
//! If d1^2 < g1 g2 the cubic has no minimiser and the midpoint of the bounds is returned.

/// A point on the line: step `x`, value `f`, directional derivative `g`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct LinePoint {
    pub x: f64,
    pub f: f64,
    pub g: f64,
}

pub(crate) fn cubic_interpolate(p1: LinePoint, p2: LinePoint, bounds: Option<(f64, f64)>) -> f64 {
    let (lo, hi) = bounds.unwrap_or(if p1.x <= p2.x { (p1.x, p2.x) } else { (p2.x, p1.x) });
    let d1 = p1.g + p2.g - 3.0 * (p1.f - p2.f) / (p1.x - p2.x);
    let d2_square = d1 * d1 - p1.g * p2.g;
    if d2_square < 0.0 {
        return (lo + hi) / 2.0;
    }
    let d2 = d2_square.sqrt();
    let min_pos = if p1.x <= p2.x {
        p2.x - (p2.x - p1.x) * ((p2.g + d2 - d1) / (p2.g - p1.g + 2.0 * d2))
    } else {
        p1.x - (p1.x - p2.x) * ((p1.g + d2 - d1) / (p1.g - p2.g + 2.0 * d2))
    };
    min_pos.max(lo).min(hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovers_the_minimum_of_a_cubic() {
        // f(x) = x^3 - 3x has its local minimum at x = 1; f' = 3x^2 - 3
        let p = |x: f64| LinePoint { x, f: x * x * x - 3.0 * x, g: 3.0 * x * x - 3.0 };
        assert!((cubic_interpolate(p(0.0), p(2.0), None) - 1.0).abs() < 1e-12);
        assert!((cubic_interpolate(p(2.0), p(0.0), None) - 1.0).abs() < 1e-12);
        // clamped to the bounds
        assert!((cubic_interpolate(p(0.0), p(2.0), Some((1.5, 3.0))) - 1.5).abs() < 1e-12);
    }
}
