//! Laws of the tape rather than of one op: accumulation over reuse, gradients by watched input and by
//! parameter, detach, and deep compositions checked end to end.
use super::*;
use downhill_autograd::{Param, Tape};

/// Asserts |got − want| ≤ tol · max(1, |want|) for every value, printing both on failure.
#[track_caller]
fn assert_close(what: &str, got: &Tensor, want: &[Float], tol: f64) {
    assert_eq!(got.numel(), want.len(), "{what}: {got:?} vs {want:?}");
    for (i, (&g, &w)) in got.data().iter().zip(want).enumerate() {
        let bound = tol * f64::from(w).abs().max(1.0);
        assert!(
            (f64::from(g) - f64::from(w)).abs() <= bound,
            "{what}[{i}]: got {g} vs want {w} (tol {bound:.1e})"
        );
    }
}

/// Asserts bit-identical tensors (same shape, same bits: NaN-safe, and −0 differs from +0).
#[track_caller]
fn assert_same_bits(what: &str, a: &Tensor, b: &Tensor) {
    let bits = |t: &Tensor| t.data().iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    assert!(a.shape() == b.shape() && bits(a) == bits(b), "{what}: {a:?} vs {b:?}");
}

#[test]
fn a_value_used_twice_accumulates_gradients() {
    let tape = Tape::new();
    let x = tape.watch(Tensor::vector(vec![1.0, -2.0, 3.0]));
    // d/dx Σ (x⊙x + x + x) = 2x + 2.
    let g = tape.backward((x * x + x + x).sum());
    // Products and sums of small values: 1e-6.
    assert_close("d/dx Σ (x⊙x + x + x)", g.wrt(x).unwrap(), &[4.0, -2.0, 8.0], 1e-6);
    // Reuse through different branches, checked numerically.
    let x = normal(&[3, 4], &mut Rng::seed(160));
    check("x used in three branches", |v| v[0].tanh() * v[0].sigmoid() + v[0].sum_axis(1), &[x]);
}

#[test]
fn gradient_with_respect_to_a_watched_input() {
    let tape = Tape::new();
    let x = tape.watch(Tensor::from_rows(&[[1.0, 2.0], [3.0, 4.0]]).unwrap());
    let w = tape.leaf(Tensor::from_rows(&[[1.0, 0.0, 2.0], [-1.0, 3.0, 0.5]]).unwrap());
    // L = Σ x·W, so dL/dx[i, k] = Σ_j W[k, j]: row sums 3 and 2.5 in every row.
    let g = tape.backward(x.matmul(w).sum());
    // A sum of 3 products per value: 1e-6.
    assert_close("d/dx Σ x·W", g.wrt(x).unwrap(), &[3.0, 2.5, 3.0, 2.5], 1e-6);
    assert!(g.wrt(w).is_none(), "a constant leaf gets no gradient");
}

#[test]
fn a_parameter_registered_twice_gets_the_sum_of_both_uses() {
    let w = Param::new("w", Tensor::vector(vec![1.0, 2.0]));
    let tape = Tape::new();
    let a = tape.leaf(Tensor::vector(vec![10.0, 20.0]));
    let (p1, p2) = (tape.param(&w), tape.param(&w));
    // L = Σ p1⊙a + Σ p2⊙p2: dL/dw = a + 2w.
    let g = tape.backward((p1 * a).sum() + (p2 * p2).sum());
    // Two contributions summed per value: 1e-6.
    assert_close("dL/dw", g.get(&w).unwrap(), &[12.0, 24.0], 1e-6);
}

#[test]
fn detach_stops_the_gradient() {
    let tape = Tape::new();
    let x = tape.watch(Tensor::vector(vec![1.0, -2.0]));
    // d/dx Σ x ⊙ stop(x) = stop(x) = x, not 2x.
    let y = x * x.detach();
    // One product per value: 1e-6.
    assert_close("x ⊙ stop(x)", &y.value(), &[1.0, 4.0], 1e-6);
    // Exact: the gradient is 1 · stop(x), a copy of x.
    assert_eq!(tape.backward(y.sum()).wrt(x).unwrap().data(), &[1.0, -2.0]);
}

/// −mean log softmax(tanh(x·W + b))[target]: a one-layer classifier's cross-entropy.
fn classifier_loss<'t>(x: Var<'t>, w: Var<'t>, b: Var<'t>) -> Var<'t> {
    -(x.matmul(w) + b).tanh().log_softmax(1).pick(vec![2, 0, 4, 4]).mean()
}

#[test]
fn deep_composition_end_to_end() {
    let mut rng = Rng::seed(161);
    let (x, w, b) = (normal(&[4, 3], &mut rng), normal(&[3, 5], &mut rng), normal(&[5], &mut rng));
    check(
        "log_softmax(tanh(x·W + b)) picked",
        |v| classifier_loss(v[0], v[1], v[2]),
        &[x.clone(), w.clone(), b.clone()],
    );

    // The same gradients come out under parameter ids as under watched inputs.
    let (wp, bp) = (Param::new("w", w.clone()), Param::new("b", b.clone()));
    let tape = Tape::new();
    let by_param = tape.backward(classifier_loss(tape.leaf(x.clone()), tape.param(&wp), tape.param(&bp)));
    let tape2 = Tape::new();
    let (wv, bv) = (tape2.watch(w), tape2.watch(b));
    let by_input = tape2.backward(classifier_loss(tape2.leaf(x), wv, bv));
    // Bit for bit: the same graph on the same values runs the same float operations in the same
    // order, whether the leaves are parameters or watched inputs.
    assert_same_bits("dL/dW", by_param.get(&wp).unwrap(), by_input.wrt(wv).unwrap());
    assert_same_bits("dL/db", by_param.get(&bp).unwrap(), by_input.wrt(bv).unwrap());
}

#[test]
fn two_layer_network_with_normalisation_and_dropout() {
    // relu → layer-norm-like centring and scaling → concat of two heads → gelu → softmax → mean:
    // most ops in one graph, every input (x, W1, b1, W2) checked.
    let mut rng = Rng::seed(162);
    let x = normal(&[3, 4], &mut rng);
    let w1 = normal(&[4, 6], &mut rng);
    let b1 = normal(&[6], &mut rng).map(|v| v + 0.3);
    let w2 = normal(&[6, 2], &mut rng);
    let mask = uniform(&[3, 6], 0.0, 1.0, &mut rng).map(|u| if u < 0.25 { 0.0 } else { 4.0 / 3.0 });
    let mask = &mask;
    check(
        "two-layer network",
        |v| {
            let h = (v[0].matmul(v[1]) + v[2]).elu(1.0).dropout_mask(mask.clone());
            let centred = h - h.mean_axis(1);
            let norm = centred / ((centred * centred).mean_axis(1) + 1e-3).sqrt();
            let heads = Var::concat(&[norm.matmul(v[3]), norm.narrow(1, 0..2).softplus()], 1);
            heads.gelu().softmax(1).pick(vec![0, 3, 1]).log().mean()
        },
        &[x, w1, b1, w2],
    );
}
