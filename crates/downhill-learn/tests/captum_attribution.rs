//! Attributions against captum (`tools/refgen/attribution_reference.py`): saliency,
//! input × gradient and integrated gradients (Gauss-Legendre, zeros and mean baselines) of small
//! torch MLPs whose weights are loaded here, for softmax, binary and regression models, for the
//! predicted class and a given one. Tolerance 1e-4 absolute: both sides in float32, the integrated
//! gradients summing 50 gradients. SmoothGrad draws noise, so it is checked by its definition.
#![allow(clippy::unwrap_used)]
use downhill_learn::attribution::{AttributionSettings, Baseline, Method};
use downhill_learn::{parse_layers, Architecture, EstimatorKind, LayerStack, Model, Objective, Task};
use downhill_nn::{load_state, Sequential};
use downhill_tensor::Tensor;
use serde_json::Value;
use std::collections::BTreeMap;

const TOL: f32 = 1e-4;

fn tensor(v: &Value) -> Tensor {
    let shape: Vec<usize> =
        v["shape"].as_array().unwrap().iter().map(|d| d.as_u64().unwrap() as usize).collect();
    let data: Vec<f32> = v["data"].as_array().unwrap().iter().map(|d| d.as_f64().unwrap() as f32).collect();
    Tensor::from_vec(data, shape).unwrap()
}

fn model(m: &Value) -> Model {
    let layers = parse_layers(m["spec"].as_str().unwrap()).unwrap();
    let mut net = Sequential::from_spec(&layers, &[4], 0).unwrap();
    let state: BTreeMap<String, Tensor> =
        m["state"].as_object().unwrap().iter().map(|(k, v)| (format!("layers.{k}"), tensor(v))).collect();
    load_state(&mut net, &state).unwrap();
    let (estimator, objective, task) = match m["kind"].as_str().unwrap() {
        "softmax" => {
            (EstimatorKind::MlpClassifier, Objective::Multinomial, Task::Classification { classes: 3 })
        }
        "binary" => (EstimatorKind::MlpClassifier, Objective::Logistic, Task::Classification { classes: 2 }),
        _ => (EstimatorKind::MlpRegressor, Objective::Squared, Task::Regression),
    };
    let architecture = Architecture::Layers(LayerStack { input_shape: vec![4], layers });
    Model::new(estimator, objective, task, architecture, net)
}

#[track_caller]
fn close(what: &str, ours: &Tensor, theirs: &Tensor) {
    assert_eq!(ours.dims(), theirs.dims(), "{what}");
    let worst = ours.data().iter().zip(theirs.data()).map(|(a, b)| (a - b).abs()).fold(0.0, f32::max);
    assert!(worst < TOL, "{what}: differs from captum by {worst}");
}

#[test]
fn saliency_input_x_gradient_and_integrated_gradients_match_captum() {
    let doc: Value = serde_json::from_str(include_str!("data/captum_attribution.json")).unwrap();
    let mut checked = 0;
    for m in doc["models"].as_array().unwrap() {
        let mut net = model(m);
        let x = tensor(&m["x"]);
        for case in m["cases"].as_array().unwrap() {
            let class = case["target"].as_u64().map(|c| c as usize);
            let name = format!("{} target {}", m["kind"], case["target"]);
            let run = |net: &mut Model, method, steps, baseline| {
                let settings =
                    AttributionSettings { method, steps, baseline, ..AttributionSettings::default() };
                net.attribute(&x, class, &settings).unwrap()
            };
            let s = run(&mut net, Method::Saliency, 50, Baseline::Zeros);
            let want: Option<Vec<usize>> =
                case["classes"].as_array().map(|c| c.iter().map(|v| v.as_u64().unwrap() as usize).collect());
            assert_eq!(s.classes, want, "{name}: the explained classes");
            close(&format!("{name} saliency"), &s.values, &tensor(&case["saliency"]));
            let ixg = run(&mut net, Method::InputXGradient, 50, Baseline::Zeros);
            close(&format!("{name} input x gradient"), &ixg.values, &tensor(&case["input_x_gradient"]));
            for (steps, baseline, key) in [(50, Baseline::Zeros, "zeros_50"), (7, Baseline::Mean, "mean_7")] {
                let ig = run(&mut net, Method::IntegratedGradients, steps, baseline);
                close(
                    &format!("{name} IG {key}"),
                    &ig.values,
                    &tensor(&case[format!("integrated_gradients_{key}")]),
                );
                let deltas = case[format!("delta_{key}")].as_array().unwrap();
                for (ours, theirs) in ig.completeness_gap.unwrap().iter().zip(deltas) {
                    // captum's delta is the same Σ attr − (f(x) − f(x′)) in float32.
                    assert!(
                        (ours - theirs.as_f64().unwrap()).abs() < 1e-4,
                        "{name} {key}: gap {ours} vs {theirs}"
                    );
                }
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 5, "softmax and binary twice, regression once");
}

#[test]
fn smoothgrad_is_the_mean_saliency_of_noisy_copies() {
    // With a tiny noise, smoothgrad is saliency; with noise, it differs from it, is reproducible
    // from its seed and changes with it.
    let doc: Value = serde_json::from_str(include_str!("data/captum_attribution.json")).unwrap();
    let m = &doc["models"][0];
    let (mut net, x) = (model(m), tensor(&m["x"]));
    let settings = |stdevs, seed| AttributionSettings {
        method: Method::SmoothGrad,
        stdevs,
        seed,
        ..AttributionSettings::default()
    };
    let saliency = net
        .attribute(
            &x,
            Some(1),
            &AttributionSettings { method: Method::Saliency, ..AttributionSettings::default() },
        )
        .unwrap();
    let tiny = net.attribute(&x, Some(1), &settings(1e-6, 0)).unwrap();
    close("smoothgrad with stdevs 1e-6", &tiny.values, &saliency.values);
    let a = net.attribute(&x, Some(1), &settings(1.0, 0)).unwrap().values;
    assert_eq!(a.data(), net.attribute(&x, Some(1), &settings(1.0, 0)).unwrap().values.data());
    assert_ne!(a.data(), net.attribute(&x, Some(1), &settings(1.0, 1)).unwrap().values.data());
    assert!(a.data().iter().zip(saliency.values.data()).any(|(p, q)| (p - q).abs() > 1e-3));
}

#[test]
fn bad_settings_and_classes_are_errors_naming_them() {
    let doc: Value = serde_json::from_str(include_str!("data/captum_attribution.json")).unwrap();
    let m = &doc["models"][0];
    let (mut net, x) = (model(m), tensor(&m["x"]));
    let e = net.attribute(&x, Some(3), &AttributionSettings::default()).unwrap_err().to_string();
    assert!(e.contains("target class") && e.contains("3 classes"), "{e}");
    let bad = AttributionSettings { steps: 0, ..AttributionSettings::default() };
    assert!(net.attribute(&x, None, &bad).unwrap_err().to_string().contains("steps"));
    let bad = AttributionSettings { stdevs: -1.0, ..AttributionSettings::default() };
    assert!(net.attribute(&x, None, &bad).unwrap_err().to_string().contains("stdevs"));
    assert!("gradcam".parse::<Method>().unwrap_err().to_string().contains("integrated-gradients"));
}
