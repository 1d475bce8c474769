//! Matmul throughput on the MLP layer shapes and square 1024, at 1 and 2 threads.
//! Run: `cargo bench -p downhill-tensor --bench matmul`; GFLOP/s = 2·m·n·k / time.
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use downhill_tensor::{gemm, MatRef, Parallelism, Rng, Tensor};

fn bench_shapes(c: &mut Criterion) {
    let mut rng = Rng::seed(0);
    let mut shapes = vec![];
    for batch in [32, 128, 256, 1024] {
        for (inp, out) in [(784, 256), (256, 128), (128, 10)] {
            shapes.push((format!("{batch}x{inp}x{out}"), batch, inp, out));
        }
    }
    shapes.push(("square1024".to_string(), 1024, 1024, 1024));
    let mut group = c.benchmark_group("matmul");
    group.sample_size(20);
    for (name, m, k, n) in shapes {
        let a = Tensor::rand_normal([m, k], 0.0, 1.0, &mut rng);
        let b = Tensor::rand_normal([k, n], 0.0, 1.0, &mut rng);
        let mut out = vec![0.0; m * n];
        group.throughput(Throughput::Elements((2 * m * n * k) as u64)); // "elements/s" = FLOP/s
        for (label, par) in [("1thread", Parallelism::Sequential), ("2threads", Parallelism::Rayon)] {
            group.bench_with_input(BenchmarkId::new(label, &name), &(), |bench, _| {
                bench.iter(|| gemm(1.0, MatRef::of(&a), MatRef::of(&b), 0.0, &mut out, par))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench_shapes);
criterion_main!(benches);
