//! Profiling driver: the MNIST MLP 784-256-128-10 on 8,000 digits, printing seconds per epoch.
//!   cargo run --release -p downhill-learn --example profile_mnist -- [batch] [epochs] [adam|sgd]
//! `batch` 128 with Adam (lr 1e-3) and 32 with SGD-momentum (lr 0.01, mu 0.9) are the two
//! configurations. Prints each epoch's seconds, the median, and the test accuracy on the other 2,000.
use downhill_data::{
    load, LoadOptions, MissingPolicy, PreprocessOptions, Preprocessor, Scale, Target, TaskChoice,
};
use downhill_learn::{
    BatchSize, Fit, MlpClassifier, MlpShape, OptimizerConfig, OptimizerSettings, Penalty, Score,
    StoppingRules, TrainConfig,
};
use downhill_optim::{AdamOptions, SgdOptions};
use downhill_tensor::Tensor;

fn mnist() -> (Tensor, Tensor) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/mnist-10k-images-idx3-ubyte.gz");
    let table = load(path, &LoadOptions::default()).expect("MNIST ships in data/");
    let target = Target::fit(&table, "label", TaskChoice::Auto).expect("labels");
    let options = PreprocessOptions { scale: Some(Scale::None), missing: MissingPolicy::Error };
    let out = Preprocessor::fit(&table, target, &options).expect("fit").transform(&table).expect("transform");
    let y = out.y.expect("labels");
    (out.x.map(|v| v / 255.0), y)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let batch: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(128);
    let epochs: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(5);
    let adam = args.get(3).map_or(batch >= 64, |s| s == "adam");
    let (x, y) = mnist();
    let (xt, yt) = (x.slice_rows(0..8000), y.slice_rows(0..8000));
    let (xv, yv) = (x.slice_rows(8000..10000), y.slice_rows(8000..10000));
    drop((x, y));
    let optimizer = match adam {
        true => OptimizerConfig::Adam(AdamOptions {
            lr: 1e-3,
            betas: (0.9, 0.999),
            eps: 1e-8,
            weight_decay: 0.0,
            amsgrad: false,
        }),
        false => OptimizerConfig::Sgd(SgdOptions {
            lr: 0.01,
            momentum: 0.9,
            dampening: 0.0,
            weight_decay: 0.0,
            nesterov: false,
        }),
    };
    let train = TrainConfig {
        optimizer: OptimizerSettings::new(optimizer),
        batch_size: BatchSize::Rows(batch),
        stopping: StoppingRules::epochs(epochs),
        validation_fraction: 0.0,
        penalty: Penalty::None,
        seed: 0,
        ..TrainConfig::default()
    };
    let params = MlpClassifier { shape: MlpShape { hidden: vec![256, 128], ..MlpShape::default() }, train };
    let fitted = params.fit(&xt, &yt).expect("fit");
    let mut secs: Vec<f64> = fitted.history().epochs.iter().map(|e| e.seconds).collect();
    for (i, s) in secs.iter().enumerate() {
        println!("epoch {} {:.4} s", i + 1, s);
    }
    secs.sort_by(f64::total_cmp);
    let (median, best) = (secs[secs.len() / 2], secs[0]);
    let steps = 8000usize.div_ceil(batch) as f64;
    println!(
        "batch {batch} {}: median {:.4} s/epoch (best {best:.4}), {:.3} ms/step, test accuracy {:.4}",
        if adam { "adam" } else { "sgd-momentum" },
        median,
        1e3 * median / steps,
        fitted.score(&xv, &yv).expect("score")
    );
}
