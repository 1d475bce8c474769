//! One `Optimizer::step` of every preset, on the MNIST MLP's parameters (784-256-128-10: six
//! tensors, 235,146 values) and on one tensor of 1,000,000 values. Run:
//! `cargo bench -p downhill-optim --bench step`; throughput is parameters per second. The gradient
//! list is cloned inside the timed loop (`step` takes it by value), as a training loop hands it over.
//! The 10M-parameter comparison with torch and the bandwidth floor is `python3 bench/run.py --only b`.
use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, Throughput};
use downhill_optim::{
    adadelta, adagrad, adam, adamax, adamw, momentum, nadam, nesterov, radam, rmsprop, sgd, AdadeltaOptions,
    AdagradOptions, AdamOptions, AdamWOptions, AdamaxOptions, Chain, ClipByGlobalNorm, NadamOptions,
    OptimError, Optimizer, RadamOptions, RmspropOptions, SgdOptions, Tensor,
};
use downhill_tensor::Rng;

type Preset = fn() -> Result<Chain, OptimError>;

const PRESETS: [(&str, Preset); 12] = [
    ("sgd", || sgd(SgdOptions::default())),
    ("momentum", || momentum(1e-2, 0.9)),
    ("nesterov", || nesterov(1e-2, 0.9)),
    ("adagrad", || adagrad(AdagradOptions::default())),
    ("rmsprop", || rmsprop(RmspropOptions::default())),
    ("adadelta", || adadelta(AdadeltaOptions::default())),
    ("adam", || adam(AdamOptions::default())),
    ("adamw", || adamw(AdamWOptions::default())),
    ("adamax", || adamax(AdamaxOptions::default())),
    ("nadam", || nadam(NadamOptions::default())),
    ("radam", || radam(RadamOptions::default())),
    ("adam+clip", || Ok(adam(AdamOptions::default())?.after(ClipByGlobalNorm(1.0)))),
];

fn mlp_shapes() -> Vec<Vec<usize>> {
    let sizes = [784, 256, 128, 10];
    sizes.windows(2).flat_map(|w| [vec![w[1], w[0]], vec![w[1]]]).collect()
}

fn bench_steps(c: &mut Criterion) {
    let mut rng = Rng::seed(0);
    let cases = [("mlp-235k", mlp_shapes()), ("flat-1m", vec![vec![1_000_000]])];
    let mut group = c.benchmark_group("optimizer_step");
    group.sample_size(20);
    for (case, shapes) in cases {
        let params: Vec<Tensor> =
            shapes.iter().map(|s| Tensor::rand_normal(s.clone(), 0.0, 1.0, &mut rng)).collect();
        let grads: Vec<Tensor> =
            shapes.iter().map(|s| Tensor::rand_normal(s.clone(), 0.0, 1.0, &mut rng)).collect();
        let count: usize = params.iter().map(Tensor::numel).sum();
        group.throughput(Throughput::Elements(count as u64));
        for (name, preset) in PRESETS {
            let mut p = params.clone();
            let mut opt = Optimizer::new(preset().expect("preset defaults are valid"), &p);
            group.bench_function(BenchmarkId::new(name, case), |b| {
                b.iter_batched(|| grads.clone(), |g| opt.step(&mut p, g), BatchSize::LargeInput)
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench_steps);
criterion_main!(benches);
