//! Task (c), downhill side: one epoch of mini-batch SGD for `LogisticRegression` on the harness's
//! dense synthetic file (`bench/peers/logreg_data.py` writes it: x as row-major little-endian f32,
//! y as f32 0/1). Weights start at zero (the estimator's rule, like scikit-learn's), rows are
//! reshuffled from the seed, loss is binary cross-entropy of the logit, no penalty.
//! Prints the wall time of `fit`, the epoch time the history records (the first epoch's), and
//! training accuracy. `fit` runs inside `on_worker`, as the README asks of a training loop on more
//! than one core (the CLI runs so). `--epochs` (default 1) makes the run long enough to profile.
use crate::args::Args;
use downhill_learn::{
    BatchSize, Fit, LogisticRegression, OptimizerConfig, OptimizerSettings, Penalty, Score, StoppingRules,
    Tensor, TrainConfig,
};
use downhill_optim::SgdOptions;
use serde_json::{json, Value};
use std::io::Read;
use std::time::Instant;

/// `count` little-endian f32 values from `path`, read in 1 MiB pieces (no second full-size copy).
fn read_f32(path: &str, count: usize) -> Result<Vec<f32>, String> {
    let mut file = std::fs::File::open(path).map_err(|e| format!("{path}: {e}"))?;
    let mut out = Vec::with_capacity(count);
    let mut buf = vec![0u8; 1 << 20];
    while out.len() < count {
        let want = ((count - out.len()) * 4).min(buf.len());
        file.read_exact(&mut buf[..want]).map_err(|e| format!("{path}: {e}"))?;
        out.extend(buf[..want].chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])));
    }
    Ok(out)
}

pub fn run(args: &Args) -> Result<Value, String> {
    let rows: usize = args.get("rows", 1_000_000)?;
    let cols: usize = args.get("cols", 100)?;
    let batch: usize = args.get("batch", 256)?;
    let lr: f64 = args.get("lr", 0.1)?;
    let seed: u64 = args.get("seed", 0)?;
    let x = Tensor::from_vec(read_f32(&args.text("x", "x.f32"), rows * cols)?, [rows, cols])
        .map_err(|e| e.to_string())?;
    let y =
        Tensor::from_vec(read_f32(&args.text("y", "y.f32"), rows)?, [rows, 1]).map_err(|e| e.to_string())?;
    let params = LogisticRegression {
        train: TrainConfig {
            optimizer: OptimizerSettings::new(OptimizerConfig::Sgd(SgdOptions {
                lr,
                momentum: 0.0,
                dampening: 0.0,
                weight_decay: 0.0,
                nesterov: false,
            })),
            batch_size: BatchSize::Rows(batch),
            stopping: StoppingRules::epochs(args.get("epochs", 1)?),
            validation_fraction: 0.0,
            penalty: Penalty::None,
            seed,
            ..TrainConfig::default()
        },
    };
    let start = Instant::now();
    let fitted = downhill_tensor::on_worker(|| params.fit(&x, &y)).map_err(|e| e.to_string())?;
    let fit_seconds = start.elapsed().as_secs_f64();
    let epochs: Vec<f64> = fitted.history().epochs.iter().map(|r| r.seconds).collect();
    let epoch_seconds = epochs.first().copied().unwrap_or(f64::NAN);
    let accuracy = fitted.score(&x, &y).map_err(|e| e.to_string())?;
    Ok(
        json!({ "fit_seconds": fit_seconds, "epoch_seconds": epoch_seconds, "every_epoch_seconds": epochs, "train_accuracy": accuracy }),
    )
}
