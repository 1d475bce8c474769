//! A training step's work on its gradients: the update, the epoch's mean gradient (`sum += share·g`)
//! and each gradient's Σg² for the layer norms, refused when a value is not finite. `summing` is
//! `Optimizer::step_summing`, one read of each gradient; `three_passes` is what it replaced in
//! downhill-learn (a finiteness scan, the sum and squares in one pass, then the checked step).
//! Sizes: the MNIST MLP's parameters (784-256-128-10, 235,146 values: about 1 MB a buffer, so
//! gradient, parameters, sum and momentum do not all fit in L2) and 10M values (in memory).
//! Run: `cargo bench -p downhill-optim --bench training_step`; throughput is parameters per second.
use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, Throughput};
use downhill_optim::{adam, momentum, AdamOptions, Chain, Gradient, OptimError, Optimizer, Tensor};
use downhill_tensor::Rng;

type Preset = fn() -> Result<Chain, OptimError>;

const PRESETS: [(&str, Preset); 2] =
    [("momentum", || momentum(1e-2, 0.9)), ("adam", || adam(AdamOptions::default()))];

fn shapes() -> [(&'static str, Vec<Vec<usize>>); 2] {
    let sizes = [784, 256, 128, 10];
    let mlp = sizes.windows(2).flat_map(|w| [vec![w[1], w[0]], vec![w[1]]]).collect();
    [("mlp-235k", mlp), ("flat-10m", vec![vec![10_000_000]])]
}

/// Gradients with buffers of their own: the checked step writes the new values into them, and a
/// shared buffer would be copied inside the timed step.
fn own(grads: &[Tensor]) -> Vec<Gradient> {
    let owned = |g: &Tensor| {
        let mut t = g.clone();
        t.data_mut();
        Gradient::Dense(t)
    };
    grads.iter().map(owned).collect()
}

fn bench_training_step(c: &mut Criterion) {
    let mut rng = Rng::seed(0);
    let mut group = c.benchmark_group("training_step");
    group.sample_size(20);
    for (case, shapes) in shapes() {
        let random = |rng: &mut Rng| -> Vec<Tensor> {
            shapes.iter().map(|s| Tensor::rand_normal(s.clone(), 0.0, 1e-3, rng)).collect()
        };
        let (params, grads) = (random(&mut rng), random(&mut rng));
        let count: usize = params.iter().map(Tensor::numel).sum();
        group.throughput(Throughput::Elements(count as u64));
        for (name, preset) in PRESETS {
            let (mut p, mut sums) =
                (params.clone(), params.iter().map(Tensor::zeros_like).collect::<Vec<_>>());
            let mut opt = Optimizer::new(preset().expect("preset defaults are valid"), &p);
            group.bench_function(BenchmarkId::new(format!("{name}/summing"), case), |b| {
                let step = |g| assert!(opt.step_summing(&mut p, g, &mut sums, 1e-3).applied);
                b.iter_batched(|| own(&grads), step, BatchSize::LargeInput)
            });
            let mut opt = Optimizer::new(preset().expect("preset defaults are valid"), &p);
            group.bench_function(BenchmarkId::new(format!("{name}/three_passes"), case), |b| {
                let step = |g: Vec<Gradient>| {
                    assert!(g.iter().all(Gradient::all_finite));
                    let squares: Vec<f64> =
                        g.iter().zip(&mut sums).map(|(g, s)| g.add_into_sum_squares(s, 1e-3)).collect();
                    assert!(opt.step_gradients(&mut p, g) && squares.iter().all(|q| q.is_finite()));
                };
                b.iter_batched(|| own(&grads), step, BatchSize::LargeInput)
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench_training_step);
criterion_main!(benches);
