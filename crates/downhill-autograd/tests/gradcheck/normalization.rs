//! Fused normalisations: batch norm with batch and running statistics (on [N, C] and [N, C, H, W],
//! with and without γ and β) and layer norm over one or several trailing dims.
use super::*;
use downhill_autograd::BatchNormStats;

#[test]
fn batch_norm_with_batch_statistics() {
    let mut rng = Rng::seed(180);
    for s in [vec![5, 3], vec![2, 1], vec![3, 2, 3, 2], vec![2, 4, 1, 3]] {
        let c = s[1];
        let (x, g, b) = (normal(&s, &mut rng), uniform(&[c], 0.5, 2.0, &mut rng), normal(&[c], &mut rng));
        check(
            "batch_norm",
            |v| v[0].batch_norm(Some(v[1]), Some(v[2]), BatchNormStats::Batch, 1e-5).0,
            &[x.clone(), g.clone(), b.clone()],
        );
        check(
            "batch_norm, γ only",
            |v| v[0].batch_norm(Some(v[1]), None, BatchNormStats::Batch, 1e-3).0,
            &[x.clone(), g],
        );
        check(
            "batch_norm, β only",
            |v| v[0].batch_norm(None, Some(v[1]), BatchNormStats::Batch, 1e-5).0,
            &[x.clone(), b],
        );
        check("batch_norm, no affine", |v| v[0].batch_norm(None, None, BatchNormStats::Batch, 1e-5).0, &[x]);
    }
}

#[test]
fn batch_norm_with_running_statistics() {
    let mut rng = Rng::seed(181);
    for s in [vec![5, 3], vec![1, 3], vec![2, 3, 2, 2]] {
        let (x, g, b) = (normal(&s, &mut rng), normal(&[3], &mut rng), normal(&[3], &mut rng));
        let (mean, var) = (normal(&[3], &mut rng), uniform(&[3], 0.5, 2.0, &mut rng));
        let (mean, var) = (&mean, &var);
        let stats = move || BatchNormStats::Running { mean: mean.clone(), var: var.clone() };
        check(
            "batch_norm running",
            move |v| v[0].batch_norm(Some(v[1]), Some(v[2]), stats(), 1e-5).0,
            &[x.clone(), g, b],
        );
        check("batch_norm running, no affine", move |v| v[0].batch_norm(None, None, stats(), 1e-5).0, &[x]);
    }
}

#[test]
fn layer_norm_over_trailing_dims() {
    let mut rng = Rng::seed(182);
    for (s, d, affine) in [
        (vec![4, 5], 5, vec![5]),
        (vec![2, 3, 4], 12, vec![3, 4]),
        (vec![3, 1, 2], 2, vec![2]),
        (vec![6], 6, vec![6]),
    ] {
        let (x, g, b) = (normal(&s, &mut rng), normal(&affine, &mut rng), normal(&affine, &mut rng));
        check(
            "layer_norm",
            move |v| v[0].layer_norm(Some(v[1]), Some(v[2]), d, 1e-5),
            &[x.clone(), g.clone(), b],
        );
        check("layer_norm, γ only", move |v| v[0].layer_norm(Some(v[1]), None, d, 1e-5), &[x.clone(), g]);
        check("layer_norm, no affine", move |v| v[0].layer_norm(None, None, d, 1e-5), &[x]);
    }
}
