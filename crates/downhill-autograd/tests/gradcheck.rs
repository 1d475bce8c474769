//! Every public op of downhill-autograd against central differences, on seeded random shapes:
//! 1-D, 2-D (including 1×k and k×1) and 3-D wherever the op accepts them.
//!
//! Tolerance: each check passes when |backprop − numeric| ≤ GRADCHECK_TOL · (1 + |numeric|) for every
//! input value, with GRADCHECK_TOL = 5e-3 and the central-difference step h = GRADCHECK_EPS = 1e-2
//! (src/gradcheck.rs derives both from f32 rounding, about 1e-7·|L|/h, and truncation, about h²·|L'''|).
//! The output is reduced with fixed random weights, so every output component is checked.
//! Inputs avoid places where that step would straddle a kink or a singularity: values within 0.05 of
//! a kink are pushed 0.1 away from it, log/sqrt/pow/div see only inputs in [0.5, 2] or [1, 2], and
//! max sees lanes of distinct values 0.1 apart.
//!
//! The cases live in `tests/gradcheck/`, one file per family of ops; this file holds the shared inputs.
use downhill_autograd::{check_gradients, Float, Tensor, Var, GRADCHECK_TOL};
use downhill_tensor::Rng;

#[path = "gradcheck/activations.rs"]
mod activations;
#[path = "gradcheck/arithmetic.rs"]
mod arithmetic;
#[path = "gradcheck/conv.rs"]
mod conv;
#[path = "gradcheck/layout.rs"]
mod layout;
#[path = "gradcheck/normalization.rs"]
mod normalization;
#[path = "gradcheck/recurrent.rs"]
mod recurrent;
#[path = "gradcheck/reductions.rs"]
mod reductions;
#[path = "gradcheck/tape_laws.rs"]
mod tape_laws;
#[path = "gradcheck/unary.rs"]
mod unary;

/// The shapes every elementwise op is checked on.
const SHAPES: &[&[usize]] = &[&[5], &[3, 4], &[1, 4], &[4, 1], &[2, 3, 2]];

/// Asserts that backprop through `f` at `inputs` matches central differences, naming the case.
fn check(name: &str, f: impl for<'t> Fn(&[Var<'t>]) -> Var<'t> + Copy, inputs: &[Tensor]) {
    let r = check_gradients(f, inputs);
    let shapes: Vec<String> = inputs.iter().map(|t| t.shape().to_string()).collect();
    assert!(
        r.error <= GRADCHECK_TOL,
        "{name} on {shapes:?}: input {} value {}: backprop {:.6} vs numeric {:.6} (error {:.2e})",
        r.input,
        r.index,
        r.analytic,
        r.numeric,
        r.error
    );
}

/// Standard normal values.
fn normal(shape: &[usize], rng: &mut Rng) -> Tensor {
    Tensor::rand_normal(shape, 0.0, 1.0, rng)
}

/// Uniform values in `[lo, hi)`.
fn uniform(shape: &[usize], lo: Float, hi: Float, rng: &mut Rng) -> Tensor {
    Tensor::rand_uniform(shape, lo, hi, rng)
}

/// Standard normal values, each within 0.05 of a kink moved to 0.1 from it on its own side.
fn off_kinks(shape: &[usize], kinks: &[Float], rng: &mut Rng) -> Tensor {
    let nudge = |v: Float, k: Float| match v - k {
        d if d.abs() >= 0.05 => v,
        d if d >= 0.0 => k + 0.1,
        _ => k - 0.1,
    };
    normal(shape, rng).map(|v| kinks.iter().fold(v, |v, &k| nudge(v, k)))
}

/// Distinct values 0.1 apart in random order, so no lane has a near-tie for its maximum.
fn distinct(shape: &[usize], rng: &mut Rng) -> Tensor {
    let n: usize = shape.iter().product();
    let mut values: Vec<Float> = (0..n).map(|i| 0.1 * i as Float - 0.05 * n as Float).collect();
    rng.shuffle(&mut values);
    Tensor::vector(values).reshape(shape)
}

/// Shapes that broadcast against `s`: itself, a scalar, `s` without its leading dimension, and `s`
/// with its first or last dimension set to 1.
fn broadcast_partners(s: &[usize]) -> Vec<Vec<usize>> {
    let mut out = vec![s.to_vec(), vec![]];
    if s.len() > 1 {
        out.push(s[1..].to_vec());
    }
    let mut first = s.to_vec();
    first[0] = 1;
    let mut last = s.to_vec();
    last[s.len() - 1] = 1;
    out.extend([first, last]);
    out.sort();
    out.dedup();
    out
}
