//! Reductions: sum and mean of everything, and sum, mean and max along every axis.
use super::*;

#[test]
fn sum_and_mean_of_everything() {
    let mut rng = Rng::seed(140);
    for &s in SHAPES {
        let x = normal(s, &mut rng);
        check("sum", |v| v[0].sum(), std::slice::from_ref(&x));
        check("mean", |v| v[0].mean(), std::slice::from_ref(&x));
        // Through a square, so the gradient depends on x.
        check("mean of squares", |v| (v[0] * v[0]).mean(), &[x]);
    }
}

#[test]
fn sum_and_mean_along_every_axis() {
    let mut rng = Rng::seed(141);
    for &s in SHAPES {
        let x = normal(s, &mut rng);
        for axis in 0..s.len() {
            check("sum_axis", move |v| v[0].sum_axis(axis), std::slice::from_ref(&x));
            check("mean_axis", move |v| v[0].mean_axis(axis), std::slice::from_ref(&x));
            // keepdim lets the reduction broadcast straight back: centring along an axis.
            check("x - mean_axis", move |v| v[0] - v[0].mean_axis(axis), std::slice::from_ref(&x));
        }
    }
}

#[test]
fn max_along_every_axis_with_distinct_values() {
    let mut rng = Rng::seed(142);
    for &s in SHAPES {
        let x = distinct(s, &mut rng);
        for axis in 0..s.len() {
            check("max_axis", move |v| v[0].max_axis(axis), std::slice::from_ref(&x));
            // The usual stabiliser: subtract the (differentiated) lane maximum.
            check("x - max_axis", move |v| v[0] - v[0].max_axis(axis), std::slice::from_ref(&x));
        }
    }
}
