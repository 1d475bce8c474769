//! Convolution forward and backward on the two layers of the MNIST CNN (batch 64):
//!   conv1: conv2d(1 → 16, 5×5, padding 2) on [64, 1, 28, 28]   (backward: dW and db; its input is data)
//!   conv2: conv2d(16 → 32, 5×5, padding 2) on [64, 16, 14, 14] (backward: dx, dW and db)
//! on the default rayon pool (2 threads here) and on a 1-thread pool.
//! Run: `cargo bench -p downhill-tensor --bench conv`; "elements/s" is FLOP/s, counting 2 FLOP per
//! multiply-add: forward 2·N·O·OH·OW·K, backward that once per product computed (dW, and dx if asked).
//! conv2 runs by Winograd F(2×2, 5×5) (`conv2d_winograd.rs`), which does 36/100 of those
//! multiply-adds plus its transforms: its figure is an effective rate, and may exceed the FMA roof.
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use downhill_tensor::{Conv2d, Rng, Tensor};

struct Layer {
    name: &'static str,
    x: [usize; 4],
    w: [usize; 4],
    /// Whether the backward pass computes dx (false for the first layer, whose input is the data).
    dx: bool,
}

const LAYERS: [Layer; 2] = [
    Layer { name: "conv1_1to16_28x28", x: [64, 1, 28, 28], w: [16, 1, 5, 5], dx: false },
    Layer { name: "conv2_16to32_14x14", x: [64, 16, 14, 14], w: [32, 16, 5, 5], dx: true },
];

fn bench_conv(c: &mut Criterion) {
    let mut rng = Rng::seed(0);
    let opt = Conv2d { padding: (2, 2), ..Conv2d::default() };
    let one_thread = rayon::ThreadPoolBuilder::new().num_threads(1).build().expect("a 1-thread pool");
    let mut group = c.benchmark_group("conv2d");
    group.sample_size(30);
    for layer in LAYERS {
        let x = Tensor::rand_normal(layer.x, 0.0, 1.0, &mut rng);
        let w = Tensor::rand_normal(layer.w, 0.0, 0.1, &mut rng);
        let b = Tensor::rand_normal([layer.w[0]], 0.0, 0.1, &mut rng);
        let y = x.conv2d(&w, Some(&b), &opt);
        let dy = Tensor::rand_normal(y.dims(), 0.0, 1.0, &mut rng);
        let macs = y.numel() * layer.w[1] * layer.w[2] * layer.w[3];
        let backward_products = if layer.dx { 2 } else { 1 };
        let threads = rayon::current_num_threads();
        for (pool, label) in [(None, format!("{threads}threads")), (Some(&one_thread), "1thread".to_string())]
        {
            let run = |f: &mut (dyn FnMut() + Send)| match pool {
                Some(p) => p.install(f),
                None => f(),
            };
            group.throughput(Throughput::Elements(2 * macs as u64));
            group.bench_function(BenchmarkId::new(format!("forward/{label}"), layer.name), |bench| {
                bench.iter(|| run(&mut || drop(x.conv2d(&w, Some(&b), &opt))))
            });
            group.throughput(Throughput::Elements(2 * backward_products * macs as u64));
            group.bench_function(BenchmarkId::new(format!("backward/{label}"), layer.name), |bench| {
                bench.iter(|| run(&mut || drop(x.conv2d_backward(&w, &dy, &opt, [layer.dx, true, true]))))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench_conv);
criterion_main!(benches);
