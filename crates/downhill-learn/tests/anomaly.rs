//! Anomaly scores against their closed forms: an autoencoder that keeps the first two of eight
//! inputs reconstructs a row with error (1/8)·Σ_{j≥2} x_j²; for a linear softmax classifier
//! z = W·x + b, the gradient of KL(u ‖ softmax z) is (p − u) on z, so its norm over W and b is
//! ‖p − u‖·√(‖x‖² + 1).
#![allow(clippy::unwrap_used)]
use downhill_learn::{
    parse_layers, AnomalyScore, Architecture, EstimatorKind, LayerStack, Model, Objective, Task,
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
