//! Activations and the softmax family.
use super::*;

type Unary = for<'t> fn(Var<'t>) -> Var<'t>;

fn every_shape(name: &str, f: Unary, kinks: &[Float], seed: u64) {
    let mut rng = Rng::seed(seed);
    for &s in SHAPES {
        // Scaled by 2 so the saturating ranges of sigmoid, softplus and elu are exercised too.
        let x = off_kinks(s, kinks, &mut rng).map(|v| 2.0 * v);
        check(name, move |v| f(v[0]), &[x]);
    }
}

#[test]
fn piecewise_linear_activations_away_from_zero() {
    every_shape("relu", |x| x.relu(), &[0.0], 130);
    every_shape("leaky_relu", |x| x.leaky_relu(0.01), &[0.0], 131);
    every_shape("leaky_relu 0.3", |x| x.leaky_relu(0.3), &[0.0], 132);
    every_shape("elu", |x| x.elu(1.0), &[0.0], 133);
    every_shape("elu 0.5", |x| x.elu(0.5), &[0.0], 134);
}

#[test]
fn smooth_activations() {
    every_shape("gelu", |x| x.gelu(), &[], 135);
    every_shape("sigmoid", |x| x.sigmoid(), &[], 136);
    every_shape("softplus", |x| x.softplus(), &[], 137);
}

#[test]
fn softmax_and_log_softmax_along_every_axis() {
    let mut rng = Rng::seed(138);
    for &s in SHAPES {
        let x = normal(s, &mut rng).map(|v| 2.0 * v);
        for axis in 0..s.len() {
            check("softmax", move |v| v[0].softmax(axis), std::slice::from_ref(&x));
            check("log_softmax", move |v| v[0].log_softmax(axis), std::slice::from_ref(&x));
        }
    }
}

#[test]
fn softmax_family_is_shift_invariant_at_large_inputs() {
    // Shifting by 1000 changes nothing, and gradients at the shifted point still check out.
    let mut rng = Rng::seed(139);
    let x = normal(&[3, 4], &mut rng);
    check("softmax at +1000", |v| v[0].softmax(1), &[x.map(|v| v + 1000.0)]);
    check("log_softmax at -1000", |v| v[0].log_softmax(1), &[x.map(|v| v - 1000.0)]);
}

#[test]
fn fused_softmax_cross_entropy_on_tall_wide_and_shifted_logits() {
    let mut rng = Rng::seed(140);
    for (n, c) in [(1, 1), (1, 5), (6, 1), (4, 3), (9, 10)] {
        let ids: Vec<usize> = (0..n).map(|i| (i * 7) % c).collect();
        for shift in [0.0, 1000.0] {
            let x = normal(&[n, c], &mut rng).map(|v| 2.0 * v + shift);
            let ids = &ids;
            check("softmax_cross_entropy", move |v| v[0].softmax_cross_entropy(ids.clone()), &[x]);
        }
    }
}
