//! The training step's gradient bookkeeping (downhill-learn's `GradHealth::record_finite`): add
//! share·g into the epoch's mean gradient and sum g² for the norms, fused in one pass
//! (`add_scaled_sum_squares`) against the two passes it replaced (`add_scaled`, then
//! `sum_squares`). Sizes: the MNIST MLP's first weight (784·256, in L2) and a 10M-value tensor (in
//! memory). Run: `cargo bench -p downhill-tensor --bench gradient_pass`; "bytes/s" counts g and
//! the mean read and the mean written once.
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use downhill_tensor::{Rng, Tensor};

const SIZES: [(&str, usize); 2] = [("mlp_784x256", 784 * 256), ("10M", 10_000_000)];

fn bench_gradient_pass(c: &mut Criterion) {
    let mut rng = Rng::seed(0);
    let mut group = c.benchmark_group("gradient_pass");
    for (name, n) in SIZES {
        let g = Tensor::rand_normal([n], 0.0, 1.0, &mut rng);
        let mut mean = Tensor::full([n], 0.0);
        group.throughput(Throughput::Bytes((3 * n * std::mem::size_of::<f32>()) as u64));
        group.bench_function(BenchmarkId::new("fused", name), |b| {
            b.iter(|| mean.add_scaled_sum_squares(&g, 1e-3))
        });
        group.bench_function(BenchmarkId::new("two_passes", name), |b| {
            b.iter(|| {
                mean.add_scaled(&g, 1e-3);
                g.sum_squares()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_gradient_pass);
criterion_main!(benches);
