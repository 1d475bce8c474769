//! Estimators on known problems and on the shipped datasets, held-out accuracy with fixed seeds.
//! Features are standardised on the training rows (as the CLI's `--scale standard` does).
#![allow(clippy::unwrap_used, clippy::needless_range_loop, clippy::field_reassign_with_default)]
mod common;
use common::prepared;
use downhill_learn::*;
use downhill_optim::SgdOptions;

fn config(optimizer: OptimizerConfig, batch: BatchSize, epochs: usize) -> TrainConfig {
    TrainConfig {
        optimizer: OptimizerSettings::new(optimizer),
        batch_size: batch,
        stopping: StoppingRules::epochs(epochs),
        ..TrainConfig::default()
    }
}

fn adam(lr: f64) -> OptimizerConfig {
    OptimizerConfig::default().with_lr(lr)
}

fn sgd(lr: f64, momentum: f64) -> OptimizerConfig {
    let sgd = OptimizerConfig::from_kind(downhill_optim::OptimizerKind::Sgd).unwrap().with_lr(lr);
    match sgd {
        OptimizerConfig::Sgd(SgdOptions { lr, dampening, weight_decay, nesterov, .. }) => {
            OptimizerConfig::Sgd(SgdOptions { lr, momentum, dampening, weight_decay, nesterov })
        }
        other => other,
    }
}

const CLASSES: fn(usize) -> Task = |classes| Task::Classification { classes };

#[test]
fn linear_regression_recovers_known_coefficients() {
    // y = 3·x0 − 2·x1 + 0.5 on a grid: exact, so gradient descent should land on the coefficients.
    // Raw targets, so the network's own weight and bias are the coefficients.
    let rows: Vec<[f32; 2]> =
        (0..50).map(|i| [(i % 10) as f32 / 5.0 - 1.0, (i / 10) as f32 / 2.0 - 1.0]).collect();
    let x = Tensor::from_rows(&rows).unwrap();
    let y = Tensor::from_vec(rows.iter().map(|r| 3.0 * r[0] - 2.0 * r[1] + 0.5).collect(), [50, 1]).unwrap();
    let params = LinearRegression {
        target_scaling: TargetScaling::None,
        train: config(sgd(0.1, 0.9), BatchSize::Full, 300),
        ..Default::default()
    };
    let fitted = params.fit(&x, &y).unwrap();
    let state = fitted.model.state_dict();
    let (w, b) = (state["layers.0.weight"].data().to_vec(), state["layers.0.bias"].item());
    assert!((w[0] - 3.0).abs() < 1e-3 && (w[1] + 2.0).abs() < 1e-3 && (b - 0.5).abs() < 1e-3, "{w:?} {b}");
    assert!(fitted.score(&x, &y).unwrap() > 0.999_999);
}

/// Least squares with intercept by the normal equations (f64, Gaussian elimination with pivoting).
fn least_squares(x: &Tensor, y: &Tensor) -> Vec<f64> {
    let (n, d) = (x.rows(), x.cols() + 1);
    let row = |i: usize| (0..d).map(move |j| if j == 0 { 1.0 } else { x.at(&[i, j - 1]) as f64 });
    let mut a = vec![vec![0.0; d + 1]; d];
    for i in 0..n {
        let r: Vec<f64> = row(i).collect();
        for p in 0..d {
            for q in 0..d {
                a[p][q] += r[p] * r[q];
            }
            a[p][d] += r[p] * y.data()[i] as f64;
        }
    }
    for c in 0..d {
        let piv = (c..d).max_by(|&i, &j| a[i][c].abs().total_cmp(&a[j][c].abs())).unwrap();
        a.swap(c, piv);
        for r in 0..d {
            if r != c {
                let f = a[r][c] / a[c][c];
                for k in c..=d {
                    a[r][k] -= f * a[c][k];
                }
            }
        }
    }
    (0..d).map(|i| a[i][d] / a[i][i]).collect()
}

#[test]
fn diabetes_linear_regression_reaches_the_least_squares_optimum() {
    let (x, y, xt, yt) = prepared("diabetes.csv", 0.25, Task::Regression, 42);
    let beta = least_squares(&x, &y);
    let ls_pred: Vec<f32> = (0..xt.rows())
        .map(|i| (beta[0] + (0..xt.cols()).map(|j| beta[j + 1] * xt.at(&[i, j]) as f64).sum::<f64>()) as f32)
        .collect();
    let optimum = metrics::r2(&yt, &Tensor::vector(ls_pred));
    // The defaults (standardised targets, full-batch Adam 0.1 to ‖∇‖ < 1e-4) and the hand-tuned
    // SGD with momentum on the same split both land on it.
    let r2 = LinearRegression::default().fit(&x, &y).unwrap().score(&xt, &yt).unwrap();
    let tuned =
        LinearRegression { train: config(sgd(0.05, 0.9), BatchSize::Full, 2000), ..Default::default() };
    let r2_tuned = tuned.fit(&x, &y).unwrap().score(&xt, &yt).unwrap();
    assert!((r2_tuned - optimum).abs() < 0.01, "tuned R² {r2_tuned} vs optimum {optimum}");
    eprintln!("diabetes: test R² {r2:.4}, least-squares optimum {optimum:.4}");
    assert!((r2 - optimum).abs() < 0.01, "R² {r2} vs optimum {optimum}");
}

#[test]
fn breast_cancer_logistic_regression() {
    let (x, y, xt, yt) = prepared("breast_cancer.csv", 0.25, CLASSES(2), 42);
    let params = LogisticRegression { train: config(adam(0.01), BatchSize::Rows(32), 100) };
    let fitted = params.fit(&x, &y).unwrap();
    let acc = fitted.score(&xt, &yt).unwrap();
    eprintln!("breast_cancer logistic: test accuracy {acc:.4}");
    assert!(acc >= 0.96, "{acc}");
    let p = fitted.predict_proba(&xt).unwrap();
    assert!(p.dims() == [xt.rows(), 2] && (p.row(0).iter().sum::<f32>() - 1.0).abs() < 1e-5);
}

#[test]
fn breast_cancer_linear_svm() {
    let (x, y, xt, yt) = prepared("breast_cancer.csv", 0.25, CLASSES(2), 42);
    let mut params = LinearSvm::default();
    params.train = TrainConfig { penalty: Penalty::L2(1e-3), ..config(adam(0.01), BatchSize::Rows(32), 100) };
    let acc = params.fit(&x, &y).unwrap().score(&xt, &yt).unwrap();
    eprintln!("breast_cancer svm: test accuracy {acc:.4}");
    assert!(acc >= 0.95, "{acc}");
}

#[test]
fn digits_softmax_regression() {
    let (x, y, xt, yt) = prepared("digits.csv", 0.25, CLASSES(10), 42);
    let params = SoftmaxRegression { train: config(adam(0.01), BatchSize::Rows(32), 60) };
    let acc = params.fit(&x, &y).unwrap().score(&xt, &yt).unwrap();
    eprintln!("digits softmax: test accuracy {acc:.4}");
    assert!(acc >= 0.95, "{acc}");
}

#[test]
fn digits_mlp_classifier() {
    let (x, y, xt, yt) = prepared("digits.csv", 0.25, CLASSES(10), 42);
    let mut params = MlpClassifier::default();
    params.train = TrainConfig { penalty: Penalty::L2(1e-4), ..config(adam(1e-3), BatchSize::Rows(32), 40) };
    let acc = params.fit(&x, &y).unwrap().score(&xt, &yt).unwrap();
    eprintln!("digits mlp (64-100-10, adam 1e-3, batch 32, 40 epochs): test accuracy {acc:.4}");
    assert!(acc >= 0.97, "{acc}");
}

#[test]
fn iris_softmax_and_mlp() {
    let (x, y, xt, yt) = prepared("iris.csv", 0.3, CLASSES(3), 42);
    let soft = SoftmaxRegression { train: config(adam(0.05), BatchSize::Rows(16), 200) };
    let acc = soft.fit(&x, &y).unwrap().score(&xt, &yt).unwrap();
    let mut mlp = MlpClassifier::default();
    mlp.shape.hidden = vec![16];
    mlp.train = config(adam(0.01), BatchSize::Rows(16), 200);
    let acc_mlp = mlp.fit(&x, &y).unwrap().score(&xt, &yt).unwrap();
    eprintln!("iris: softmax {acc:.4}, mlp {acc_mlp:.4}");
    assert!(acc >= 0.93 && acc_mlp >= 0.93, "{acc} {acc_mlp}");
}

#[test]
fn mlp_regressor_fits_a_curve_and_huber_regression_resists_outliers() {
    let xs: Vec<f32> = (0..64).map(|i| i as f32 / 16.0 - 2.0).collect();
    let x = Tensor::from_vec(xs.clone(), [64, 1]).unwrap();
    let y = Tensor::from_vec(xs.iter().map(|v| v * v).collect(), [64, 1]).unwrap();
    let mut mlp = MlpRegressor::default();
    mlp.shape.hidden = vec![32];
    mlp.shape.activation = downhill_nn::Activation::Tanh;
    mlp.train = config(adam(0.01), BatchSize::Rows(16), 300);
    assert!(mlp.fit(&x, &y).unwrap().score(&x, &y).unwrap() > 0.98);
    // y = x with three wild outliers: Huber's slope stays near 1, squared loss is dragged off.
    // With standardised targets δ is in units of σ, and the outliers inflate σ to ≈ 10.4, so
    // δ = 0.1 here is the δ = 1.04 of raw targets (δ = 1σ would leave the outliers in the
    // quadratic zone's reach: slope ≈ 0.2). The slope is read from predictions, in y's units.
    let mut yo: Vec<f32> = xs.clone();
    yo[60..63].iter_mut().for_each(|v| *v = -50.0);
    let yo = Tensor::from_vec(yo, [64, 1]).unwrap();
    let slope = |loss, target_scaling| {
        let train = config(sgd(0.05, 0.9), BatchSize::Full, 1500);
        let p = LinearRegression { loss, target_scaling, train };
        let pred = p.fit(&x, &yo).unwrap().predict(&Tensor::from_rows(&[[0.0], [1.0]]).unwrap()).unwrap();
        pred.data()[1] - pred.data()[0]
    };
    let huber_raw = slope(RegressionLoss::FixedHuber { delta: 1.0 }, TargetScaling::None);
    assert!((huber_raw - 1.0).abs() < 0.1, "huber on raw targets {huber_raw}");
    let huber = slope(RegressionLoss::FixedHuber { delta: 0.1 }, TargetScaling::Standard);
    let squared = slope(RegressionLoss::Squared, TargetScaling::Standard);
    assert!((huber - 1.0).abs() < 0.1 && (squared - 1.0).abs() > 0.5, "huber {huber}, squared {squared}");
    // scikit-learn's Huber measures ε in a scale it fits to the inliers, so its default needs no
    // tuning to the outliers, with targets standardised or not.
    for target_scaling in [TargetScaling::None, TargetScaling::Standard] {
        let p = LinearRegression { target_scaling, ..LinearRegression::huber() };
        let pred = p.fit(&x, &yo).unwrap().predict(&Tensor::from_rows(&[[0.0], [1.0]]).unwrap()).unwrap();
        let scaled = pred.data()[1] - pred.data()[0];
        assert!((scaled - 1.0).abs() < 0.02, "scikit-learn's huber, {target_scaling:?}: slope {scaled}");
    }
}

#[test]
fn roc_auc_and_average_precision_match_scikit_learn() {
    // tools/refgen/ranking_reference.py: random scores, some tied, against scikit-learn's
    // roc_auc_score and average_precision_score. Both sides in f64: 1e-12.
    let doc: serde_json::Value = serde_json::from_str(include_str!("data/sklearn_ranking.json")).unwrap();
    for case in doc["cases"].as_array().unwrap() {
        let scores: Vec<f64> =
            case["scores"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
        let labels: Vec<bool> =
            case["labels"].as_array().unwrap().iter().map(|v| v.as_bool().unwrap()).collect();
        let auc = downhill_learn::metrics::roc_auc(&scores, &labels).unwrap();
        let ap = downhill_learn::metrics::average_precision(&scores, &labels).unwrap();
        assert!((auc - case["roc_auc"].as_f64().unwrap()).abs() < 1e-12, "auc {auc} vs {}", case["roc_auc"]);
        assert!(
            (ap - case["average_precision"].as_f64().unwrap()).abs() < 1e-12,
            "ap {ap} vs {}",
            case["average_precision"]
        );
    }
}
