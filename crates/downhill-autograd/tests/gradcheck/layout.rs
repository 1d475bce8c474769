//! Ops that move values: reshape, transpose, permute, concat, narrow, gather_rows, pick, dropout_mask.
use super::*;

#[test]
fn reshape_to_flat_and_back() {
    let mut rng = Rng::seed(150);
    for &s in SHAPES {
        let x = normal(s, &mut rng);
        let n = x.numel();
        check("reshape flat", move |v| v[0].reshape([n]), std::slice::from_ref(&x));
        check("reshape [1, n, 1]", move |v| v[0].reshape([1, n, 1]), std::slice::from_ref(&x));
    }
}

#[test]
fn transpose_of_matrices() {
    let mut rng = Rng::seed(151);
    for s in [[3, 4], [1, 4], [4, 1], [1, 1]] {
        check("transpose", |v| v[0].transpose(), &[normal(&s, &mut rng)]);
    }
}

#[test]
fn permute_by_every_order_of_three_and_four_axes() {
    let mut rng = Rng::seed(157);
    let x3 = normal(&[2, 3, 4], &mut rng);
    for axes in [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]] {
        check("permute rank 3", move |v| v[0].permute(&axes), std::slice::from_ref(&x3));
    }
    // NCHW ↔ NHWC with odd sizes, and a rank-2 permute (a transpose).
    let x4 = normal(&[3, 2, 5, 1], &mut rng);
    check("permute NCHW to NHWC", |v| v[0].permute(&[0, 2, 3, 1]), std::slice::from_ref(&x4));
    check("permute NHWC to NCHW", |v| v[0].permute(&[0, 3, 1, 2]), &[x4]);
    check("permute rank 2", |v| v[0].permute(&[1, 0]), &[normal(&[3, 4], &mut rng)]);
}

#[test]
fn concat_along_every_axis() {
    let mut rng = Rng::seed(152);
    for &s in SHAPES {
        for axis in 0..s.len() {
            // Three parts of sizes 1, s[axis] and 2 along `axis`.
            let mut sizes = [s.to_vec(), s.to_vec(), s.to_vec()];
            sizes[0][axis] = 1;
            sizes[2][axis] = 2;
            let parts: Vec<Tensor> = sizes.iter().map(|d| normal(d, &mut rng)).collect();
            check("concat", move |v| Var::concat(v, axis), &parts);
        }
    }
}

#[test]
fn narrow_along_every_axis() {
    let mut rng = Rng::seed(153);
    for &s in SHAPES {
        let x = normal(s, &mut rng);
        for (axis, &n) in s.iter().enumerate() {
            for (start, end) in [(0, n), (n / 2, n), (0, 1)] {
                check("narrow", move |v| v[0].narrow(axis, start..end), std::slice::from_ref(&x));
            }
        }
    }
}

#[test]
fn gather_rows_with_repeats() {
    let mut rng = Rng::seed(154);
    for s in [vec![5], vec![5, 3], vec![4, 1], vec![1, 4], vec![4, 2, 3]] {
        let table = normal(&s, &mut rng);
        let rows = s[0];
        let idx: Vec<usize> = (0..7).map(|_| rng.below(rows)).collect();
        let idx = &idx; // borrowed so the closure stays `Copy`
        check("gather_rows", move |v| v[0].gather_rows(idx.clone()), &[table]);
    }
}

#[test]
fn pick_one_value_per_row() {
    let mut rng = Rng::seed(155);
    for (n, c) in [(3, 4), (1, 4), (4, 1), (6, 3)] {
        let x = normal(&[n, c], &mut rng);
        let idx: Vec<usize> = (0..n).map(|_| rng.below(c)).collect();
        let idx = &idx;
        check("pick", move |v| v[0].pick(idx.clone()), &[x]);
    }
}

#[test]
fn dropout_mask_scales_kept_values() {
    let mut rng = Rng::seed(156);
    for &s in SHAPES {
        let x = normal(s, &mut rng);
        // Inverted dropout with p = 0.5: kept values are scaled by 1/(1 − p) = 2.
        let mask = uniform(s, 0.0, 1.0, &mut rng).map(|u| if u < 0.5 { 0.0 } else { 2.0 });
        let mask = &mask;
        check("dropout_mask", move |v| v[0].dropout_mask(mask.clone()), &[x]);
    }
}
