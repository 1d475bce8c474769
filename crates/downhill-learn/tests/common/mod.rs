//! Shared test helpers: a minimal reader for the shipped CSV datasets (header row, numeric
//! features, target in the last column; string targets become ids in sorted name order, as
//! scikit-learn's LabelEncoder does) and standardisation fitted on the training rows.
#![allow(dead_code, clippy::unwrap_used)]
use downhill_learn::{Split, Task, Tensor};
use std::path::PathBuf;

/// `data/<name>` in the repository, else `../shared/data/<name>` beside it.
pub fn data_path(name: &str) -> PathBuf {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let local = repo.join("data").join(name);
    if local.exists() {
        return local;
    }
    repo.join("../shared/data").join(name)
}

/// (x [n, d], y [n, 1], class names; empty for a numeric target).
pub fn load_csv(name: &str) -> (Tensor, Tensor, Vec<String>) {
    let path = data_path(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let d = lines.next().expect("header").split(',').count() - 1;
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    let x: Vec<f32> =
        rows.iter().flat_map(|r| r[..d].iter().map(|v| v.parse::<f32>().expect("number"))).collect();
    let targets: Vec<&str> = rows.iter().map(|r| r[d]).collect();
    let numeric = targets.iter().all(|t| t.parse::<f32>().is_ok());
    let (y, names) = if numeric {
        (targets.iter().map(|t| t.parse().unwrap()).collect(), vec![])
    } else {
        let mut names: Vec<String> = targets.iter().map(|t| t.to_string()).collect();
        names.sort();
        names.dedup();
        (targets.iter().map(|t| names.iter().position(|n| n == t).unwrap() as f32).collect(), names)
    };
    let n = rows.len();
    (Tensor::from_vec(x, [n, d]).unwrap(), Tensor::from_vec(y, [n, 1]).unwrap(), names)
}

/// Train/test split (stratified for classification) and features standardised with the
/// training rows' mean and standard deviation (constant columns are only centred).
pub fn prepared(name: &str, test_fraction: f64, task: Task, seed: u64) -> (Tensor, Tensor, Tensor, Tensor) {
    let (x, y, _) = load_csv(name);
    let s = Split::new(&x, &y, test_fraction, task, seed).unwrap();
    let (xt, yt) = s.validation.unwrap();
    let (mean, std) = column_stats(&s.x_train);
    (standardise(&s.x_train, &mean, &std), s.y_train, standardise(&xt, &mean, &std), yt)
}

fn column_stats(x: &Tensor) -> (Vec<f64>, Vec<f64>) {
    let (n, d) = (x.rows(), x.cols());
    let mean: Vec<f64> =
        (0..d).map(|j| (0..n).map(|i| x.at(&[i, j]) as f64).sum::<f64>() / n as f64).collect();
    let std = (0..d)
        .map(|j| {
            let v = (0..n).map(|i| (x.at(&[i, j]) as f64 - mean[j]).powi(2)).sum::<f64>() / n as f64;
            if v > 0.0 {
                v.sqrt()
            } else {
                1.0
            }
        })
        .collect();
    (mean, std)
}

fn standardise(x: &Tensor, mean: &[f64], std: &[f64]) -> Tensor {
    let d = x.cols();
    let data =
        x.data().iter().enumerate().map(|(k, &v)| ((v as f64 - mean[k % d]) / std[k % d]) as f32).collect();
    Tensor::from_vec(data, [x.rows(), d]).unwrap()
}

pub fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("downhill-learn-it-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}
