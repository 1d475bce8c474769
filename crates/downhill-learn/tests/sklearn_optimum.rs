//! The defaults of logistic and softmax regression minimise scikit-learn's `LogisticRegression()`
//! objective (L2 with C = 1, unpenalised intercept) to its optimum: the coefficients match
//! scikit-learn's solution at tol 1e-10 (`tools/refgen/logistic_optimum_reference.py`) on iris,
//! breast_cancer, wine and digits, standardised as downhill's default does. Tolerances, relative to
//! the largest coefficient: 1e-3 for the coefficients, 5e-3 for the intercepts. L-BFGS stops when
//! its line search can no longer see the loss fall, and a float32 loss resolves about 1e-8 of
//! itself: the remaining error lies along the flattest directions, and the flattest on digits are
//! the intercepts, which no penalty curves and confident predictions (p(1 − p) small) hardly do.
//! (Measured: coefficients 1.5e-4 to 7.6e-4, intercepts 7e-5 to 3.2e-3; scikit-learn's own default
//! fit, tol 1e-4, is up to 3.4e-2 from this optimum on digits.) Softmax intercepts are compared
//! centred: adding a constant to every class's intercept changes nothing, and the penalty leaves
//! them out, so only their differences are determined.
#![allow(clippy::unwrap_used)]
use downhill_data::{load, LoadOptions, PreprocessOptions, Preprocessor, Target, TaskChoice};
use downhill_learn::{EstimatorSpec, ModelFamily, StopReason, Task};
use serde_json::Value;

fn matrix(v: &Value) -> Vec<Vec<f64>> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect())
        .collect()
}

fn centred(v: &[f64]) -> Vec<f64> {
    let mean = v.iter().sum::<f64>() / v.len() as f64;
    v.iter().map(|x| x - mean).collect()
}

#[test]
fn the_defaults_reach_scikit_learns_optimum() {
    let dir = format!("{}/../../data", env!("CARGO_MANIFEST_DIR"));
    let text =
        std::fs::read_to_string(format!("{}/tests/data/sklearn_logistic.json", env!("CARGO_MANIFEST_DIR")))
            .unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    for case in doc["cases"].as_array().unwrap() {
        let file = case["file"].as_str().unwrap();
        let table = load(std::path::Path::new(&format!("{dir}/{file}")), &LoadOptions::default()).unwrap();
        let target = Target::fit(&table, case["target"].as_str().unwrap(), TaskChoice::Auto).unwrap();
        assert_eq!(
            target.classes(),
            case["classes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect::<Vec<_>>()
        );
        let prep = Preprocessor::fit(&table, target, &PreprocessOptions::default()).unwrap();
        let data = prep.transform(&table).unwrap();
        let (x, y) = (data.x, data.y.unwrap());
        let classes = case["classes"].as_array().unwrap().len();
        let family = if classes == 2 { ModelFamily::Logistic } else { ModelFamily::Softmax };
        let spec = EstimatorSpec::default_for(family, Task::Classification { classes }).unwrap();
        let trained = spec.fit_with(&x, &y, Default::default()).unwrap();
        assert!(
            matches!(trained.history.stop, Some(StopReason::Converged { .. })),
            "{file}: {:?}",
            trained.history.stop
        );
        let state = trained.model.state_dict();
        let (w, b) = (&state["layers.0.weight"], &state["layers.0.bias"]);
        let want_w = matrix(&case["optimum"]["coef"]);
        let want_b: Vec<f64> =
            case["optimum"]["intercept"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
        let got_w: Vec<f64> = w.data().iter().map(|&v| v as f64).collect();
        let got_b: Vec<f64> = b.data().iter().map(|&v| v as f64).collect();
        let flat: Vec<f64> = want_w.iter().flatten().copied().collect();
        let scale = flat.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        let worst_w = got_w.iter().zip(&flat).fold(0.0f64, |m, (g, e)| m.max((g - e).abs())) / scale;
        let (got_b, want_b) =
            if classes == 2 { (got_b, want_b) } else { (centred(&got_b), centred(&want_b)) };
        let worst_b = got_b.iter().zip(&want_b).fold(0.0f64, |m, (g, e)| m.max((g - e).abs())) / scale;
        eprintln!(
            "{file}: epochs {}, coef max rel error {worst_w:.2e}, intercept {worst_b:.2e}",
            trained.history.epochs.len()
        );
        assert!(
            worst_w < 1e-3 && worst_b < 5e-3,
            "{file}: coefficients {worst_w:.2e}, intercepts {worst_b:.2e} of the largest coefficient"
        );
    }
}
