//! Strong-Wolfe line search (Nocedal & Wright, algorithms 3.5 and 3.6), following the steps of
//! torch's `_strong_wolfe` so that L-BFGS trajectories match:
//!   accept t when  f(t) <= f(0) + c1 t f'(0)  and  |f'(t)| <= -c2 f'(0)    (c1 = 1e-4, c2 = 0.9)
//! Bracketing: grow t by cubic extrapolation within [t + 0.01 (t - t_prev), 10 t] until the
//! sufficient-decrease test fails, f stops decreasing, or the slope turns non-negative.
//! Zoom: cubic interpolation inside the bracket, pushed 10% away from an end after insufficient
//! progress, until the curvature test holds, the bracket is shorter than `tolerance_change / |d|_inf`,
//! or `max_ls` evaluations are spent.
use super::cubic::{cubic_interpolate, LinePoint};

const C1: f64 = 1e-4;
const C2: f64 = 0.9;
const MAX_LS: usize = 25;

/// A trial point with its full gradient (so the accepted gradient needs no re-evaluation).
#[derive(Clone, Debug)]
struct Trial {
    at: LinePoint,
    grad: Vec<f64>,
}

/// The accepted step `t`, its loss and gradient, and how many evaluations the search used.
#[derive(Debug)]
pub(crate) struct LineSearchResult {
    pub t: f64,
    pub loss: f64,
    pub grad: Vec<f64>,
    pub evals: usize,
}

/// Searches along `d` from the point with loss `f0`, gradient `g0` and slope `gtd0 = g0 . d`,
/// starting at step `t`. `eval(t)` returns loss and gradient at `x + t d`.
pub(crate) fn strong_wolfe(
    mut eval: impl FnMut(f64) -> (f64, Vec<f64>),
    d: &[f64],
    mut t: f64,
    f0: f64,
    g0: &[f64],
    gtd0: f64,
    tolerance_change: f64,
) -> LineSearchResult {
    let d_norm = d.iter().fold(0.0f64, |m, x| m.max(x.abs()));
    let dot = |g: &[f64]| g.iter().zip(d).map(|(a, b)| a * b).sum::<f64>();
    let mut probe = |t: f64| {
        let (f, grad) = eval(t);
        Trial { at: LinePoint { x: t, f, g: dot(&grad) }, grad }
    };
    let mut new = probe(t);
    let mut evals = 1;
    let mut prev = Trial { at: LinePoint { x: 0.0, f: f0, g: gtd0 }, grad: g0.to_vec() };
    let mut iter = 0;
    let mut bracket: Vec<Trial> = Vec::new();
    let mut done = false;
    while iter < MAX_LS {
        if new.at.f > f0 + C1 * t * gtd0 || (iter > 1 && new.at.f >= prev.at.f) {
            bracket = vec![prev, new.clone()];
            break;
        }
        if new.at.g.abs() <= -C2 * gtd0 {
            bracket = vec![new.clone()];
            done = true;
            break;
        }
        if new.at.g >= 0.0 {
            bracket = vec![prev, new.clone()];
            break;
        }
        let bounds = (t + 0.01 * (t - prev.at.x), t * 10.0);
        t = cubic_interpolate(prev.at, new.at, Some(bounds));
        prev = new;
        new = probe(t);
        evals += 1;
        iter += 1;
    }
    if iter == MAX_LS {
        bracket = vec![Trial { at: LinePoint { x: 0.0, f: f0, g: gtd0 }, grad: g0.to_vec() }, new];
    }
    let (evals, low) = zoom(&mut probe, bracket, done, iter, evals, f0, gtd0, d_norm, tolerance_change);
    LineSearchResult { t: low.at.x, loss: low.at.f, grad: low.grad, evals }
}

/// Refines a two-point bracket (or returns the single accepted point); returns evals and the low end.
#[allow(clippy::too_many_arguments)]
fn zoom(
    probe: &mut impl FnMut(f64) -> Trial,
    mut b: Vec<Trial>,
    mut done: bool,
    mut iter: usize,
    mut evals: usize,
    f0: f64,
    gtd0: f64,
    d_norm: f64,
    tolerance_change: f64,
) -> (usize, Trial) {
    let order = |b: &[Trial]| if b[0].at.f <= b[b.len() - 1].at.f { (0, 1) } else { (1, 0) };
    let (mut low, mut high) = order(&b);
    let mut insufficient = false;
    while !done && iter < MAX_LS {
        if (b[1].at.x - b[0].at.x).abs() * d_norm < tolerance_change {
            break;
        }
        let mut t = cubic_interpolate(b[0].at, b[1].at, None);
        let (lo, hi) = (b[0].at.x.min(b[1].at.x), b[0].at.x.max(b[1].at.x));
        let eps = 0.1 * (hi - lo);
        if (hi - t).min(t - lo) < eps {
            if insufficient || t >= hi || t <= lo {
                t = if (t - hi).abs() < (t - lo).abs() { hi - eps } else { lo + eps };
                insufficient = false;
            } else {
                insufficient = true;
            }
        } else {
            insufficient = false;
        }
        let new = probe(t);
        evals += 1;
        iter += 1;
        if new.at.f > f0 + C1 * t * gtd0 || new.at.f >= b[low].at.f {
            b[high] = new;
            (low, high) = order(&b);
        } else {
            if new.at.g.abs() <= -C2 * gtd0 {
                done = true;
            } else if new.at.g * (b[high].at.x - b[low].at.x) >= 0.0 {
                b[high] = b[low].clone();
            }
            b[low] = new;
        }
    }
    (evals, b.swap_remove(low))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_step_satisfies_both_wolfe_conditions() {
        // f(x) = (x - 3)^2 along d = 1 from x = 0: f0 = 9, g0 = -6
        let f = |t: f64| ((t - 3.0).powi(2), vec![2.0 * (t - 3.0)]);
        let r = strong_wolfe(f, &[1.0], 0.1, 9.0, &[-6.0], -6.0, 1e-9);
        assert!(r.loss <= 9.0 + C1 * r.t * -6.0, "{r:?}");
        assert!((2.0 * (r.t - 3.0)).abs() <= C2 * 6.0, "{r:?}");
        assert_eq!(r.evals, 2); // t = 0.1 is too short: extrapolate once (clamped to 10 t = 1)
    }
}
