//! Finite-difference gradient checking.
//!
//! The function's output is reduced to a scalar with fixed random weights, L = Σ w ⊙ f(x), so every
//! output component is checked (a plain sum would pass, e.g., softmax whatever its backward says).
//! Numerical derivative: central difference (L(x + h·e_i) − L(x − h·e_i)) / 2h with h = `GRADCHECK_EPS`.
//! With f32 forward passes the rounding error of that quotient is about 1e-7·|L|/h and the truncation
//! error about h²·|L'''|, so h = 1e-2 with tolerance |analytic − numeric| ≤ `GRADCHECK_TOL`·(1 + |numeric|)
//! separates real bugs (errors of order 1) from noise. Inputs must keep clear of kinks (relu at 0 etc.).
use crate::{Tape, Var};
use downhill_tensor::{Float, Rng, Tensor};

/// The central-difference step h.
pub const GRADCHECK_EPS: Float = 1e-2;
/// The largest |analytic − numeric| / (1 + |numeric|) a check accepts.
pub const GRADCHECK_TOL: f64 = 5e-3;

/// The worst disagreement found by `check_gradients`.
#[derive(Debug, Clone)]
pub struct GradcheckReport {
    /// Which input (0-based) holds the value.
    pub input: usize,
    /// The value's flat index in that input.
    pub index: usize,
    /// The gradient backward gave.
    pub analytic: f64,
    /// The central-difference estimate.
    pub numeric: f64,
    /// |analytic − numeric| / (1 + |numeric|)
    pub error: f64,
}

/// Compares backprop with central differences for every value of every input.
pub fn check_gradients(
    f: impl for<'t> Fn(&[Var<'t>]) -> Var<'t> + Copy,
    inputs: &[Tensor],
) -> GradcheckReport {
    let weights = {
        let tape = Tape::new();
        let xs: Vec<Var<'_>> = inputs.iter().map(|x| tape.leaf(x.clone())).collect();
        let shape = f(&xs).shape();
        Tensor::rand_normal(shape, 0.0, 1.0, &mut Rng::seed(0x5eed))
    };
    let scalar = |xs: &[Tensor]| -> f64 {
        let tape = Tape::new();
        let vars: Vec<Var<'_>> = xs.iter().map(|x| tape.leaf(x.clone())).collect();
        let y = f(&vars).value().clone();
        y.data().iter().zip(weights.data()).map(|(&a, &w)| a as f64 * w as f64).sum()
    };
    let tape = Tape::new();
    let vars: Vec<Var<'_>> = inputs.iter().map(|x| tape.watch(x.clone())).collect();
    let loss = (f(&vars) * tape.leaf(weights.clone())).sum();
    let grads = tape.backward(loss);
    let mut worst = GradcheckReport { input: 0, index: 0, analytic: 0.0, numeric: 0.0, error: 0.0 };
    for (k, var) in vars.iter().enumerate() {
        let analytic = grads.wrt(*var).cloned().unwrap_or_else(|| Tensor::zeros_like(&inputs[k]));
        for i in 0..inputs[k].numel() {
            let mut xs = inputs.to_vec();
            xs[k].data_mut()[i] += GRADCHECK_EPS;
            let up = scalar(&xs);
            xs[k].data_mut()[i] -= 2.0 * GRADCHECK_EPS;
            let down = scalar(&xs);
            let numeric = (up - down) / (2.0 * GRADCHECK_EPS as f64);
            let a = analytic.data()[i] as f64;
            let error = (a - numeric).abs() / (1.0 + numeric.abs());
            if error > worst.error || error.is_nan() {
                worst = GradcheckReport { input: k, index: i, analytic: a, numeric, error };
            }
        }
    }
    worst
}

/// Asserts that backprop through `f` matches central differences at `x` within `GRADCHECK_TOL`.
pub fn gradcheck(f: impl for<'t> Fn(Var<'t>) -> Var<'t> + Copy, x: &Tensor) {
    gradcheck_many(move |xs| f(xs[0]), std::slice::from_ref(x));
}

/// `gradcheck` for functions of several inputs.
pub fn gradcheck_many(f: impl for<'t> Fn(&[Var<'t>]) -> Var<'t> + Copy, inputs: &[Tensor]) {
    let r = check_gradients(f, inputs);
    assert!(
        r.error <= GRADCHECK_TOL,
        "gradcheck failed: input {} value {}: backprop {:.6} vs finite differences {:.6} (error {:.2e} > {:.0e})",
        r.input,
        r.index,
        r.analytic,
        r.numeric,
        r.error,
        GRADCHECK_TOL
    );
}
