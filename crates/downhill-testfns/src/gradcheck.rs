//! Central differences, for checking analytic gradients:
//!   df/dx ~ (f(x + h, y) - f(x - h, y)) / 2h,   error O(h^2)
//! and the worst component error relative to `max(1, |analytic|)`.
use crate::{Point, Surface};

/// The central-difference gradient of `f` at `p` with step `h`.
///
/// ```
/// use downhill_testfns::{central_difference, Saddle};
/// let g = central_difference(&Saddle, [1.0, 2.0], 1e-5);
/// assert!((g[0] - 2.0).abs() < 1e-8 && (g[1] + 4.0).abs() < 1e-8);
/// ```
pub fn central_difference(f: &dyn Surface, p: Point, h: f64) -> Point {
    let d = |i: usize| {
        let (mut hi, mut lo) = (p, p);
        hi[i] += h;
        lo[i] -= h;
        (f.value(hi) - f.value(lo)) / (2.0 * h)
    };
    [d(0), d(1)]
}

/// `max_i |analytic_i - numeric_i| / max(1, |analytic_i|)` at `p`, with `h = 1e-6 max(1, |p|)`.
pub fn max_gradient_error(f: &dyn Surface, p: Point) -> f64 {
    let h = 1e-6 * p[0].abs().max(p[1].abs()).max(1.0);
    let (a, n) = (f.gradient(p), central_difference(f, p, h));
    (0..2).map(|i| (a[i] - n[i]).abs() / a[i].abs().max(1.0)).fold(0.0, f64::max)
}

/// Test helper: the gradient matches central differences at each point, and the value at every
/// known minimiser is the known minimum with a vanishing gradient.
#[cfg(test)]
pub(crate) fn check_surface(f: &dyn Surface, points: &[Point]) {
    for &p in points {
        let err = max_gradient_error(f, p);
        assert!(err < 1e-5, "{}: gradient error {err:e} at {p:?}", f.name());
    }
    let min = f.min_value();
    for &m in f.minima() {
        let v = f.value(m);
        assert!(min.is_some_and(|min| (v - min).abs() < 1e-9), "{}: f({m:?}) = {v}", f.name());
        let g = f.gradient(m);
        assert!(g[0].abs() < 1e-4 && g[1].abs() < 1e-4, "{}: grad at minimum {m:?} is {g:?}", f.name());
    }
    assert!(f.window().contains(f.start()), "{}: start outside window", f.name());
}
