//! Anomaly scores against their closed forms: an autoencoder that keeps the first two of eight
//! inputs reconstructs a row with error (1/8)·Σ_{j≥2} x_j²; for a linear softmax classifier
//! z = W·x + b, the gradient of KL(u ‖ softmax z) is (p − u) on z, so its norm over W and b is
//! ‖p − u‖·√(‖x‖² + 1).
#![allow(clippy::unwrap_used)]
use downhill_learn::{
    metrics, parse_layers, AnomalyScore, Architecture, Autoencoder, EstimatorKind, Fit, LayerStack,
    LearnError, Model, Objective, Task,
};
use downhill_nn::{load_state, Sequential};
use downhill_tensor::{Rng, Tensor};
use std::collections::BTreeMap;

fn linear_model(inputs: usize, outputs: usize, weight: Tensor, objective: Objective, task: Task) -> Model {
    let layers = parse_layers(&format!("linear({outputs})")).unwrap();
    let mut net = Sequential::from_spec(&layers, &[inputs], 0).unwrap();
    let bias = Tensor::zeros([outputs]);
    load_state(
        &mut net,
        &BTreeMap::from([("layers.0.weight".into(), weight), ("layers.0.bias".into(), bias)]),
    )
    .unwrap();
    let architecture = Architecture::Layers(LayerStack { input_shape: vec![inputs], layers });
    let kind =
        if objective.is_classifier() { EstimatorKind::MlpClassifier } else { EstimatorKind::MlpRegressor };
    Model::new(kind, objective, task, architecture, net)
}

#[test]
fn reconstruction_error_of_an_autoencoder_that_keeps_two_inputs() {
    let keep = Tensor::from_vec((0..64).map(|k| if k == 0 || k == 9 { 1.0 } else { 0.0 }).collect(), [8, 8])
        .unwrap();
    let mut model = linear_model(8, 8, keep, Objective::Squared, Task::Regression);
    let x = Tensor::rand_normal([5, 8], 0.0, 1.0, &mut Rng::seed(1));
    let scores = model.anomaly_scores(&x, AnomalyScore::Reconstruction).unwrap();
    assert!(scores.higher_is_anomalous);
    for (r, s) in scores.values.iter().enumerate() {
        let want: f64 = x.row(r)[2..].iter().map(|v| f64::from(*v).powi(2)).sum::<f64>() / 8.0;
        // f32 differences squared in f64: 1e-6.
        assert!((s - want).abs() < 1e-6, "row {r}: {s} vs {want}");
    }
    let grad = model.anomaly_scores(&x, AnomalyScore::GradientNorm).unwrap();
    assert!(grad.higher_is_anomalous && grad.values.iter().all(|v| v.is_finite() && *v > 0.0));
}

#[test]
fn gradient_norm_of_a_softmax_classifier_is_gradnorm() {
    let w = Tensor::from_rows(&[[1.0, -0.5], [0.3, 0.8], [-1.2, 0.1]]).unwrap();
    let mut model =
        linear_model(2, 3, w.clone(), Objective::Multinomial, Task::Classification { classes: 3 });
    let x = Tensor::from_rows(&[[0.5, -1.0], [2.0, 1.5], [0.0, 0.0]]).unwrap();
    let scores = model.anomaly_scores(&x, AnomalyScore::GradientNorm).unwrap();
    assert!(!scores.higher_is_anomalous);
    assert_eq!(scores.oriented(), scores.values.iter().map(|v| -v).collect::<Vec<_>>());
    for r in 0..3 {
        let z: Vec<f64> =
            (0..3).map(|c| (0..2).map(|j| f64::from(w.row(c)[j] * x.row(r)[j])).sum()).collect();
        let total: f64 = z.iter().map(|v| v.exp()).sum();
        let gap: f64 = z.iter().map(|v| (v.exp() / total - 1.0 / 3.0).powi(2)).sum();
        let x2: f64 = x.row(r).iter().map(|v| f64::from(*v).powi(2)).sum();
        let want = (gap * (x2 + 1.0)).sqrt();
        // f32 forward and backward: 1e-6 relative.
        assert!(
            (scores.values[r] - want).abs() < 1e-6 * want.max(1.0),
            "row {r}: {} vs {want}",
            scores.values[r]
        );
    }
    let e = model.anomaly_scores(&x, AnomalyScore::Reconstruction).unwrap_err().to_string();
    assert!(e.contains("autoencoder"), "{e}");
}

/// Rows z·A on a 2-dimensional subspace of 8 columns, plus `noise`-sized isotropic noise.
fn on_a_plane(a: &Tensor, n: usize, noise: f32, rng: &mut Rng) -> Tensor {
    let z = Tensor::rand_normal([n, 2], 0.0, 1.0, rng);
    let e = Tensor::rand_normal([n, 8], 0.0, noise, rng);
    z.matmul(a).zip_map(&e, |s, e| s + e)
}

#[test]
fn an_autoencoder_with_a_two_wide_code_learns_a_plane_and_flags_rows_off_it() {
    let mut rng = Rng::seed(3);
    let a = Tensor::rand_normal([2, 8], 0.0, 1.0, &mut rng);
    let train = on_a_plane(&a, 400, 0.01, &mut rng);
    let mut ae = Autoencoder::default();
    ae.shape.layers = Some(parse_layers("linear(2), linear").unwrap()); // the sizeless linear: 8 wide
    ae.train.penalty = downhill_learn::Penalty::None;
    ae.train.optimizer =
        downhill_learn::OptimizerSettings::new(downhill_learn::OptimizerConfig::default().with_lr(0.01));
    let fitted = ae.fit_rows(&train).unwrap();
    let mut model = fitted.into_model();
    assert_eq!(
        (model.estimator, model.architecture.outputs(), model.target_width()),
        (EstimatorKind::Autoencoder, 8, 8)
    );
    // A linear code of width 2 can hold the plane exactly; after 200 epochs the reconstruction
    // explains nearly all of every column's variance.
    let score = model.score(&train, &train).unwrap();
    assert!(score > 0.99, "R² averaged over the 8 columns: {score}");
    // Held-out rows: 50 on the plane, 50 off it (the same spread in all 8 directions).
    let normal = on_a_plane(&a, 50, 0.01, &mut rng);
    let off = Tensor::rand_normal([50, 8], 0.0, 1.5, &mut rng);
    let rows: Vec<f32> = normal.data().iter().chain(off.data()).copied().collect();
    let x = Tensor::from_vec(rows, [100, 8]).unwrap();
    let scores = model.anomaly_scores(&x, AnomalyScore::Reconstruction).unwrap();
    let labels: Vec<bool> = (0..100).map(|i| i >= 50).collect();
    let auroc = metrics::roc_auc(&scores.oriented(), &labels).unwrap();
    assert!(auroc > 0.99, "{auroc}");
    // The targets are the inputs: a y of another width is refused with the shape it needs.
    let e = ae.fit(&train, &Tensor::zeros([400, 1])).unwrap_err();
    assert!(matches!(e, LearnError::BadShape { .. }) && e.to_string().contains("[n, 8]"), "{e}");
}
