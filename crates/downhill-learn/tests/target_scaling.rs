//! Target standardisation of the regressors: μ, σ come from the training rows only, predictions
//! and scores are in the target's units, the option turns it off, `partial_fit` keeps the fitted
//! scale, and the default linear regression reaches the least-squares optimum on diabetes.
#![allow(clippy::unwrap_used)]
mod common;
use common::prepared;
use downhill_learn::*;

/// y = 40·x0 − 25·x1 + 300 on a grid: targets in the hundreds, as in diabetes.
fn offset_line() -> (Tensor, Tensor) {
    let rows: Vec<[f32; 2]> =
        (0..80).map(|i| [(i % 10) as f32 / 5.0 - 1.0, (i / 10) as f32 / 4.0 - 1.0]).collect();
    let y = rows.iter().map(|r| 40.0 * r[0] - 25.0 * r[1] + 300.0).collect();
    (Tensor::from_rows(&rows).unwrap(), Tensor::from_vec(y, [80, 1]).unwrap())
}

fn mean_std(v: &[f32]) -> (f64, f64) {
    let n = v.len() as f64;
    let m = v.iter().map(|&a| a as f64).sum::<f64>() / n;
    (m, (v.iter().map(|&a| (a as f64 - m).powi(2)).sum::<f64>() / n).sqrt())
}

#[test]
fn predictions_are_in_the_targets_units_and_the_scale_comes_from_training_rows() {
    let (x, y) = offset_line();
    let mut p = LinearRegression::default();
    p.train.validation_fraction = 0.25;
    let fitted = p.fit(&x, &y).unwrap();
    let split = Split::new(&x, &y, 0.25, Task::Regression, p.train.seed).unwrap();
    let (mu, sigma) = mean_std(split.y_train.data());
    let s = fitted.model.target_scale.unwrap();
    assert!((s.mean - mu).abs() < 1e-9 && (s.std - sigma).abs() < 1e-9, "{s:?} vs ({mu}, {sigma})");
    assert!(mean_std(y.data()) != (mu, sigma), "the validation rows must not enter μ, σ");
    // Exact data: predictions match the line to 1e-3 of its scale (|y| ≤ 365), R² ≈ 1.
    let probe = Tensor::from_rows(&[[0.0, 0.0], [1.0, -1.0], [-0.5, 0.25]]).unwrap();
    let pred = fitted.predict(&probe).unwrap();
    for (got, want) in pred.data().iter().zip([300.0, 365.0, 273.75]) {
        assert!((got - want).abs() < 0.05, "{got} vs {want}");
    }
    assert!(fitted.score(&x, &y).unwrap() > 0.999_99);
    // The history's losses are in standardised units: the first epoch's MSE of z at w = b ≈ 0 is ~1.
    let first = fitted.history().epochs[0].train_loss;
    assert!(first > 0.3 && first < 3.0, "{first}");
}

#[test]
fn turning_scaling_off_trains_on_raw_targets_and_stores_no_scale() {
    let (x, y) = offset_line();
    let off = LinearRegression { target_scaling: TargetScaling::None, ..Default::default() };
    let fitted = off.fit(&x, &y).unwrap();
    assert_eq!(fitted.model.target_scale, None);
    // Raw MSE at w = b ≈ 0 is about mean(y²) ≈ 300² ≫ 1.
    assert!(fitted.history().epochs[0].train_loss > 1e4, "{}", fitted.history().epochs[0].train_loss);
    let mlp = MlpRegressor { target_scaling: TargetScaling::None, ..Default::default() };
    assert_eq!(mlp.target_scaling, TargetScaling::None);
    assert_eq!(MlpRegressor::default().target_scaling, TargetScaling::Standard);
}

#[test]
fn partial_fit_reuses_the_fitted_scale() {
    let (x, y) = offset_line();
    let mut fitted = LinearRegression::default().fit(&x, &y).unwrap();
    let before = fitted.model.target_scale;
    let record = fitted.partial_fit(&x.slice_rows(0..10), &y.slice_rows(0..10)).unwrap();
    assert_eq!(fitted.model.target_scale, before); // exact on purpose: partial_fit must not refit the scale
                                                   // The batch is presented in standardised units, where the fitted model's loss is tiny.
    assert!(record.train_loss < 1e-4, "{}", record.train_loss);
    assert!(fitted.score(&x, &y).unwrap() > 0.999);
}

#[test]
fn mlp_regressor_defaults_reach_a_sane_fit_only_with_scaling() {
    // diabetes (targets 25..346): scikit-learn's MLP defaults (Adam 1e-3, 200 epochs) barely move
    // the output bias toward μ ≈ 152 on raw targets; on standardised ones they fit.
    let (x, y, xt, yt) = prepared("diabetes.csv", 0.2, Task::Regression, 0);
    let scaled = MlpRegressor::default().fit(&x, &y).unwrap().score(&xt, &yt).unwrap();
    let raw = MlpRegressor { target_scaling: TargetScaling::None, ..Default::default() }
        .fit(&x, &y)
        .unwrap()
        .score(&xt, &yt)
        .unwrap();
    eprintln!("diabetes mlp regressor: test R² {scaled:.4} standardised, {raw:.4} raw");
    assert!(scaled > 0.35 && raw < 0.0, "standardised {scaled}, raw {raw}");
}
