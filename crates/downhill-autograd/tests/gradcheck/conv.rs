//! Convolution and pooling: odd sizes, stride, padding, dilation and groups; max pooling sees
//! distinct values 0.1 apart (no near-ties for the step h to flip).
use super::*;
use downhill_autograd::{Conv2d, Pool2d};

/// (input [N, C, H, W], weight [O, C/G, kh, kw], options): each option apart and all together.
fn conv_cases() -> Vec<([usize; 4], [usize; 4], Conv2d)> {
    let o = |stride, padding, dilation, groups| Conv2d { stride, padding, dilation, groups };
    vec![
        ([1, 1, 3, 3], [1, 1, 2, 2], Conv2d::default()),
        ([2, 3, 5, 4], [2, 3, 3, 3], o((1, 1), (1, 1), (1, 1), 1)),
        ([1, 2, 7, 6], [3, 2, 3, 2], o((2, 3), (0, 1), (1, 1), 1)),
        ([2, 1, 7, 7], [2, 1, 3, 3], o((1, 1), (2, 1), (2, 3), 1)),
        ([1, 4, 5, 5], [4, 2, 2, 3], o((1, 2), (1, 0), (1, 1), 2)),
        ([2, 3, 4, 5], [3, 1, 3, 3], o((2, 2), (1, 2), (1, 1), 3)),
        ([3, 2, 4, 3], [5, 2, 1, 1], Conv2d::default()),
        ([1, 6, 6, 5], [4, 3, 3, 3], o((2, 1), (2, 1), (2, 1), 2)),
    ]
}

#[test]
fn conv2d_with_and_without_bias() {
    let mut rng = Rng::seed(170);
    for (xs, ws, opt) in conv_cases() {
        let (x, w, b) = (normal(&xs, &mut rng), normal(&ws, &mut rng), normal(&[ws[0]], &mut rng));
        check(
            &format!("conv2d {opt:?}"),
            move |v| v[0].conv2d(v[1], Some(v[2]), opt),
            &[x.clone(), w.clone(), b],
        );
        check(
            &format!("conv2d without bias {opt:?}"),
            move |v| v[0].conv2d(v[1], None, opt),
            &[x.clone(), w.clone()],
        );
        // A constant input (a data batch) takes the backward that skips dx.
        let x = &x;
        check(
            "conv2d with a constant input",
            move |v| v[0].tape().leaf(x.clone()).conv2d(v[0], None, opt),
            &[w],
        );
    }
}

/// (input shape, pooling): the torch default, overlapping windows with padding, odd sizes.
fn pool_cases() -> Vec<([usize; 4], Pool2d)> {
    let p = |kernel, stride, padding| Pool2d { kernel, stride, padding };
    vec![
        ([2, 3, 4, 6], Pool2d::new((2, 2))),
        ([1, 2, 5, 7], Pool2d::new((2, 3))),
        ([2, 1, 5, 5], p((3, 3), (1, 1), (1, 1))),
        ([1, 2, 7, 6], p((3, 2), (2, 1), (1, 0))),
        ([1, 1, 6, 3], p((4, 2), (3, 2), (2, 1))),
    ]
}

#[test]
fn max_pool2d_over_odd_windows() {
    let mut rng = Rng::seed(171);
    for (s, pool) in pool_cases() {
        check(&format!("max_pool2d {pool:?}"), move |v| v[0].max_pool2d(pool), &[distinct(&s, &mut rng)]);
    }
}

#[test]
fn avg_pool2d_over_odd_windows() {
    let mut rng = Rng::seed(172);
    for (s, pool) in pool_cases() {
        check(&format!("avg_pool2d {pool:?}"), move |v| v[0].avg_pool2d(pool), &[normal(&s, &mut rng)]);
    }
}

#[test]
fn adaptive_avg_pool2d_to_dividing_and_overlapping_bins() {
    let mut rng = Rng::seed(173);
    for (s, out) in
        [([2, 2, 6, 4], (3, 2)), ([1, 3, 5, 7], (3, 4)), ([2, 1, 4, 4], (1, 1)), ([1, 2, 3, 2], (5, 3))]
    {
        check(
            &format!("adaptive_avg_pool2d to {out:?}"),
            move |v| v[0].adaptive_avg_pool2d(out),
            &[normal(&s, &mut rng)],
        );
    }
}
