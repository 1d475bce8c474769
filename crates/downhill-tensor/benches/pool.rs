//! Max pooling forward and backward on the two pooling layers of the MNIST CNN (batch 64, 2×2
//! windows, stride 2): pool1 on [64, 16, 28, 28] and pool2 on [64, 32, 14, 14], on the default rayon
//! pool. Run: `cargo bench -p downhill-tensor --bench pool`; "elements/s" counts input values.
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use downhill_tensor::{Pool2d, Rng, Tensor};

const LAYERS: [(&str, [usize; 4]); 2] =
    [("pool1_16x28x28", [64, 16, 28, 28]), ("pool2_32x14x14", [64, 32, 14, 14])];

fn bench_pool(c: &mut Criterion) {
    let mut rng = Rng::seed(0);
    let p = Pool2d::new((2, 2));
    let mut group = c.benchmark_group("max_pool2d");
    for (name, shape) in LAYERS {
        let x = Tensor::rand_normal(shape, 0.0, 1.0, &mut rng);
        let (y, at) = x.max_pool2d(&p);
        let dy = Tensor::rand_normal(y.dims(), 0.0, 1.0, &mut rng);
        group.throughput(Throughput::Elements(x.numel() as u64));
        group.bench_function(BenchmarkId::new("forward", name), |b| b.iter(|| drop(x.max_pool2d(&p))));
        group.bench_function(BenchmarkId::new("backward", name), |b| {
            b.iter(|| drop(dy.max_pool2d_backward(&at, x.shape(), &p)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_pool);
criterion_main!(benches);
