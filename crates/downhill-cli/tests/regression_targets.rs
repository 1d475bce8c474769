//! Regression targets end to end: `train` on diabetes with every default reaches the least-squares
//! optimum on the held-out rows, the model file maps predictions back to the target's units, and
//! `--scale-target none` turns standardisation off.
mod common;
use common::{arg, downhill, ok, scratch, stderr};

const DIABETES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/diabetes.csv");

/// (features, target) of the shipped diabetes file: 442 rows, 10 features, target last.
fn diabetes() -> (Vec<Vec<f64>>, Vec<f64>) {
    let text = std::fs::read_to_string(DIABETES).expect("data/diabetes.csv");
    let rows: Vec<Vec<f64>> =
        text.lines().skip(1).map(|l| l.split(',').map(|v| v.parse().expect("number")).collect()).collect();
    let y = rows.iter().map(|r| r[10]).collect();
    (rows.into_iter().map(|r| r[..10].to_vec()).collect(), y)
}

/// Least squares with an intercept by the normal equations (Gauss-Jordan with partial pivoting,
/// f64). Feature standardisation does not change its predictions, so raw features will do.
fn least_squares(x: &[Vec<f64>], y: &[f64]) -> Vec<f64> {
    let d = x[0].len() + 1;
    let mut a = vec![vec![0.0; d + 1]; d];
    for (row, &t) in x.iter().zip(y) {
        let r: Vec<f64> = std::iter::once(1.0).chain(row.iter().copied()).collect();
        for p in 0..d {
            for q in 0..d {
                a[p][q] += r[p] * r[q];
            }
            a[p][d] += r[p] * t;
        }
    }
    for c in 0..d {
        let piv = (c..d).max_by(|&i, &j| a[i][c].abs().total_cmp(&a[j][c].abs())).expect("rows");
        a.swap(c, piv);
        for r in (0..d).filter(|&r| r != c) {
            let f = a[r][c] / a[c][c];
            let pivot_row = a[c].clone();
            a[r].iter_mut().zip(&pivot_row).skip(c).for_each(|(v, p)| *v -= f * p);
        }
    }
    (0..d).map(|i| a[i][d] / a[i][i]).collect()
}

fn r2(y: &[f64], pred: &[f64]) -> f64 {
    let mean = y.iter().sum::<f64>() / y.len() as f64;
    let ss_res: f64 = y.iter().zip(pred).map(|(t, p)| (t - p).powi(2)).sum();
    1.0 - ss_res / y.iter().map(|t| (t - mean).powi(2)).sum::<f64>()
}

/// The R² on the `test (N rows): r2 ...` line of `train`'s summary.
fn test_r2(summary: &str) -> f64 {
    let line = summary.lines().find(|l| l.starts_with("test (")).unwrap_or_else(|| panic!("{summary}"));
    let after = line.split("r2 ").nth(1).unwrap_or_else(|| panic!("{line}"));
    after.split_whitespace().next().and_then(|v| v.parse().ok()).unwrap_or_else(|| panic!("{line}"))
}

#[test]
fn the_default_run_on_diabetes_reaches_the_least_squares_optimum() {
    let (x, y) = diabetes();
    let beta = least_squares(&x[..354], &y[..354]);
    let predict = |row: &Vec<f64>| beta[0] + row.iter().zip(&beta[1..]).map(|(v, b)| v * b).sum::<f64>();
    let optimum = r2(&y[354..], &x[354..].iter().map(predict).collect::<Vec<_>>());
    assert!((optimum - 0.5502).abs() < 1e-4, "the known value for rows 354..442: {optimum}");

    let dir = scratch("diabetes_default");
    let model = arg(&dir.join("m.safetensors"));
    let args = ["train", DIABETES, "--target", "progression", "--test-rows", "354..442", "--out", &model];
    let got = test_r2(&ok(&args));
    assert!((got - optimum).abs() < 0.02, "default R² {got} vs least squares {optimum}");

    // The file maps predictions back: `predict` gives progression values, which score like training did.
    let csv = ok(&["predict", &model, DIABETES]);
    let pred: Vec<f64> = csv.lines().skip(1).map(|l| l.split(',').nth(1).unwrap().parse().unwrap()).collect();
    let (mean_pred, mean_y) = (pred.iter().sum::<f64>() / 442.0, y.iter().sum::<f64>() / 442.0);
    assert!((mean_pred - mean_y).abs() < 5.0, "mean prediction {mean_pred} vs mean target {mean_y}");
    assert!((r2(&y[354..], &pred[354..]) - got).abs() < 1e-3);
    assert!(ok(&["inspect", &model]).contains("trained on standardised targets (mean 15"));
}

#[test]
fn scale_target_none_trains_on_raw_values_and_only_fits_regression() {
    let dir = scratch("diabetes_raw");
    let model = arg(&dir.join("m.safetensors"));
    let raw = ["train", DIABETES, "--target", "progression", "--scale-target", "none", "--epochs", "5"];
    ok(&[&raw[..], &["--quiet", "--out", &model]].concat());
    assert!(!ok(&["inspect", &model]).contains("standardised targets"));
    let iris = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/iris.csv");
    let out = downhill(&["train", iris, "--target", "species", "--scale-target", "none", "--out", &model]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("--scale-target does not apply") && err.contains("regression targets"), "{err}");
}

#[test]
fn loss_huber_is_scikit_learns_huber_regressor() {
    // The minimiser of HuberRegressor()'s objective on diabetes, features standardised over all
    // rows as `train` does without a test split (tools/refgen/huber_optimum_reference.py).
    let reference = concat!(env!("CARGO_MANIFEST_DIR"), "/../downhill-learn/tests/data/sklearn_huber.json");
    let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(reference).unwrap()).unwrap();
    let optimum = &doc["cases"][0]["optimum"];
    let coef: Vec<f64> = optimum["coef"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
    let intercept = optimum["intercept"].as_f64().unwrap();
    let (x, _) = diabetes();
    let n = x.len() as f64;
    let mean: Vec<f64> = (0..10).map(|j| x.iter().map(|r| r[j]).sum::<f64>() / n).collect();
    let std: Vec<f64> =
        (0..10).map(|j| (x.iter().map(|r| (r[j] - mean[j]).powi(2)).sum::<f64>() / n).sqrt()).collect();
    let want: Vec<f64> = x
        .iter()
        .map(|r| intercept + (0..10).map(|j| coef[j] * (r[j] - mean[j]) / std[j]).sum::<f64>())
        .collect();

    let dir = scratch("diabetes_huber");
    let model = arg(&dir.join("m.safetensors"));
    let summary = ok(&["train", DIABETES, "--target", "progression", "--loss", "huber", "--out", &model]);
    assert!(summary.contains("converged"), "{summary}");
    let csv = ok(&["predict", &model, DIABETES]);
    let pred: Vec<f64> = csv.lines().skip(1).map(|l| l.split(',').nth(1).unwrap().parse().unwrap()).collect();
    let worst = pred.iter().zip(&want).fold(0.0f64, |m, (p, w)| m.max((p - w).abs()));
    // Predictions around 150 from float32 weights within 1e-4 of the optimum's: 0.05 apart at most.
    assert!(worst < 0.05, "largest difference from HuberRegressor's optimum: {worst}");
    assert!(
        !ok(&["inspect", &model]).contains("standardised targets"),
        "α is stated on the targets as given"
    );

    for (flags, says) in [
        (&["--loss", "huber", "--huber-epsilon", "0.9"][..], "--huber-epsilon"),
        (&["--loss", "huber", "--huber-delta", "1"][..], "--huber-delta needs --loss fixed-huber"),
        (&["--huber-epsilon", "1.5"][..], "--huber-epsilon needs --loss huber"),
    ] {
        let out =
            downhill(&[&["train", DIABETES, "--target", "progression", "--out", &model][..], flags].concat());
        assert_eq!(out.status.code(), Some(2), "{flags:?}");
        let err = stderr(&out);
        assert!(err.contains(says) && err.lines().count() == 1, "{flags:?}: {err}");
    }
}
