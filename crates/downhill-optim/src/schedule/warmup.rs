//! Linear warm-up in front of any schedule, as torch users write it:
//!   SequentialLR([LinearLR(start_factor=1/n, end_factor=1, total_iters=n-1), then], milestones=[n])
//! so `lr_t = base * (t + 1) / n` for `t < n`, then `then.at(t - n)`.
use crate::{Join, Linear, Schedule};

/// Warms up linearly over `n` steps from `base / n` to `base`, then follows `then` from its step 0.
///
/// ```
/// use downhill_optim::{warmup, Cosine, Schedule};
/// let s = warmup(4, 0.1, Cosine { base: 0.1, eta_min: 0.0, t_max: 100 });
/// assert!((s.at(0) - 0.025).abs() < 1e-15 && (s.at(3) - 0.1).abs() < 1e-15);
/// assert!((s.at(4) - 0.1).abs() < 1e-15); // cosine's step 0
/// ```
pub fn warmup(n: u64, base: f64, then: impl Schedule + 'static) -> Join {
    let n = n.max(1);
    let ramp = Linear { base, start_factor: 1.0 / n as f64, end_factor: 1.0, total_iters: n - 1 };
    Join::new(vec![Box::new(ramp), Box::new(then)], vec![n])
}
