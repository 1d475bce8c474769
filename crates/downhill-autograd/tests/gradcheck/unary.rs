//! Elementwise math: pow, exp, log, sqrt, abs, clamp, tanh.
use super::*;

type Unary = for<'t> fn(Var<'t>) -> Var<'t>;

/// Runs `f` on every shape in `SHAPES` with inputs drawn by `draw`.
fn every_shape(name: &str, f: Unary, mut draw: impl FnMut(&[usize], &mut Rng) -> Tensor, seed: u64) {
    let mut rng = Rng::seed(seed);
    for &s in SHAPES {
        check(name, move |v| f(v[0]), &[draw(s, &mut rng)]);
    }
}

#[test]
fn pow_with_integer_fractional_and_negative_exponents() {
    let positive = |s: &[usize], r: &mut Rng| uniform(s, 0.5, 2.0, r);
    every_shape("pow 2", |x| x.pow(2.0), normal, 110);
    every_shape("pow 3", |x| x.pow(3.0), normal, 111);
    every_shape("pow 0.5", |x| x.pow(0.5), positive, 112);
    every_shape("pow -1.5", |x| x.pow(-1.5), positive, 113);
    every_shape("pow 0", |x| x.pow(0.0), normal, 114);
}

#[test]
fn exp_log_sqrt() {
    // exp on [-2, 2) keeps |L'''| (≈ e²) small enough for the truncation error.
    every_shape("exp", |x| x.exp(), |s, r| uniform(s, -2.0, 2.0, r), 115);
    every_shape("log", |x| x.log(), |s, r| uniform(s, 0.5, 2.0, r), 116);
    every_shape("sqrt", |x| x.sqrt(), |s, r| uniform(s, 0.5, 2.0, r), 117);
}

#[test]
fn abs_and_clamp_away_from_their_kinks() {
    every_shape("abs", |x| x.abs(), |s, r| off_kinks(s, &[0.0], r), 118);
    every_shape("clamp", |x| x.clamp(-0.5, 0.7), |s, r| off_kinks(s, &[-0.5, 0.7], r), 119);
}

#[test]
fn tanh() {
    every_shape("tanh", |x| x.tanh(), normal, 120);
}

#[test]
fn chained_elementwise_ops() {
    // log(1 + exp(x)) by hand equals softplus; sqrt(x² + 1) is smooth everywhere.
    every_shape("log ∘ exp", |x| (x.exp() + 1.0).log(), normal, 121);
    every_shape("sqrt ∘ pow", |x| (x.pow(2.0) + 1.0).sqrt(), normal, 122);
}
