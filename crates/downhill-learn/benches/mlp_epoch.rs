//! One training epoch of the MNIST-shaped MLP 784-256-128-10 through `MlpClassifier::fit`, on 2,048
//! synthetic rows: Adam at batch 128 and SGD-momentum at batch 32, the two configurations.
//! Covers the whole loop (batch gathering, forward, fused cross-entropy, backward, gradient health,
//! fused optimizer step). Run: `cargo bench -p downhill-learn --bench mlp_epoch`; throughput is rows
//! per second. The real-data comparison with torch is `python3 bench/run.py --only a`, and
//! `cargo run --release -p downhill-learn --example profile_mnist` prints MNIST epoch times.
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use downhill_learn::{
    BatchSize, Fit, MlpClassifier, MlpShape, OptimizerConfig, OptimizerSettings, Penalty, StoppingRules,
    TrainConfig,
};
use downhill_optim::{AdamOptions, SgdOptions};
use downhill_tensor::{Rng, Tensor};

const ROWS: usize = 2048;

fn data() -> (Tensor, Tensor) {
    let mut rng = Rng::seed(0);
    let x = Tensor::rand_uniform([ROWS, 784], 0.0, 1.0, &mut rng);
    let labels = (0..ROWS).map(|i| (i % 10) as f32).collect();
    (x, Tensor::from_vec(labels, [ROWS, 1]).expect("one label per row"))
}

fn estimator(optimizer: OptimizerConfig, batch: usize) -> MlpClassifier {
    let train = TrainConfig {
        optimizer: OptimizerSettings::new(optimizer),
        batch_size: BatchSize::Rows(batch),
        stopping: StoppingRules::epochs(1),
        validation_fraction: 0.0,
        penalty: Penalty::None,
        seed: 0,
        ..TrainConfig::default()
    };
    MlpClassifier { shape: MlpShape { hidden: vec![256, 128], ..MlpShape::default() }, train }
}

fn bench_epochs(c: &mut Criterion) {
    let (x, y) = data();
    let adam = OptimizerConfig::Adam(AdamOptions {
        lr: 1e-3,
        betas: (0.9, 0.999),
        eps: 1e-8,
        weight_decay: 0.0,
        amsgrad: false,
    });
    let sgd = OptimizerConfig::Sgd(SgdOptions {
        lr: 0.05,
        momentum: 0.9,
        dampening: 0.0,
        weight_decay: 0.0,
        nesterov: false,
    });
    let mut group = c.benchmark_group("mlp_epoch");
    group.sample_size(10).throughput(Throughput::Elements(ROWS as u64));
    for (name, optimizer, batch) in [("adam_batch128", adam, 128), ("sgd_momentum_batch32", sgd, 32)] {
        let params = estimator(optimizer, batch);
        group.bench_function(name, |b| b.iter(|| params.fit(&x, &y).expect("valid settings")));
    }
    group.finish();
}

criterion_group!(benches, bench_epochs);
criterion_main!(benches);
