//! Task (a): MLP 784-256-128-10 (relu, the estimator's default He-uniform init, torch-default
//! biases) on the first `--train` shipped MNIST digits, trained with `MlpClassifier` for `--epochs`
//! epochs, then scored on the remaining digits. No penalty, no validation split, no early stop, so
//! it is the same loop as the torch peer (`bench/peers/torch_mlp.py`).
//!   --optimizer adam  Adam(lr, torch defaults otherwise)
//!   --optimizer sgd   SGD(lr, momentum 0.9)
//! `--flush-denormals 1` (any subcommand) treats subnormal floats as zero: a diagnostic.
//! `--health off` turns the health monitor's sampled signals off (on, every 20th step, is what
//! users run): alternated with `on`, it measures the monitor's overhead.
//! Prints the epoch times from the history (`seconds`: the batches only), test accuracy, the
//! wall time of `fit`, and the sizes the memory estimate needs.
use crate::args::Args;
use crate::mnist;
use downhill_learn::{
    BatchSize, Fit, HealthSampling, Hooks, MlpClassifier, MlpShape, OptimizerConfig, OptimizerSettings,
    Penalty, Score, StoppingRules, TrainConfig,
};
use downhill_optim::{AdamOptions, SgdOptions};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::time::Instant;

pub const HIDDEN: [usize; 2] = [256, 128];

fn optimizer(name: &str, lr: f64) -> Result<OptimizerConfig, String> {
    match name {
        "adam" => Ok(OptimizerConfig::Adam(AdamOptions {
            lr,
            betas: (0.9, 0.999),
            eps: 1e-8,
            weight_decay: 0.0,
            amsgrad: false,
        })),
        "sgd" => Ok(OptimizerConfig::Sgd(SgdOptions {
            lr,
            momentum: 0.9,
            dampening: 0.0,
            weight_decay: 0.0,
            nesterov: false,
        })),
        _ => Err(format!("--optimizer `{name}`: use adam or sgd")),
    }
}

pub fn run(args: &Args) -> Result<Value, String> {
    let data_dir = PathBuf::from(args.text("data", "data"));
    let split: usize = args.get("train", 8000)?;
    let batch: usize = args.get("batch", 128)?;
    let epochs: usize = args.get("epochs", 10)?;
    let seed: u64 = args.get("seed", 0)?;
    let lr: f64 = args.get("lr", 1e-3)?;
    let opt = optimizer(&args.text("optimizer", "adam"), lr)?;
    let health = match args.text("health", "on").as_str() {
        "on" => HealthSampling::default(),
        "off" => HealthSampling::Off,
        other => return Err(format!("--health `{other}`: use on or off")),
    };

    let data = mnist::load(&data_dir, split)?;
    let params = MlpClassifier {
        shape: MlpShape { hidden: HIDDEN.to_vec(), ..MlpShape::default() },
        train: TrainConfig {
            optimizer: OptimizerSettings::new(opt),
            batch_size: BatchSize::Rows(batch),
            stopping: StoppingRules::epochs(epochs),
            validation_fraction: 0.0,
            penalty: Penalty::None,
            seed,
            ..TrainConfig::default()
        },
    };
    let start = Instant::now();
    // As the README asks of programs that train (the CLI does the same): the fit on a worker of
    // rayon's pool, with the other workers kept ready for its parallel calls.
    let fitted = downhill_tensor::on_worker(|| {
        let hooks = Hooks { health, ..Hooks::default() };
        params.fit_with(&data.x_train, &data.y_train, hooks)
    })
    .map_err(|e| e.to_string())?;
    let fit_seconds = start.elapsed().as_secs_f64();
    let accuracy = fitted.score(&data.x_test, &data.y_test).map_err(|e| e.to_string())?;
    let epoch_seconds: Vec<f64> = fitted.history().epochs.iter().map(|r| r.seconds).collect();
    let train_loss: Vec<f64> = fitted.history().epochs.iter().map(|r| r.train_loss).collect();
    Ok(json!({
        "epoch_seconds": epoch_seconds,
        "train_loss": train_loss,
        "test_accuracy": accuracy,
        "fit_seconds": fit_seconds,
        "train_rows": data.x_train.rows(),
        "test_rows": data.x_test.rows(),
        "features": data.x_train.cols(),
    }))
}
