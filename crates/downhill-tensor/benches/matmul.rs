//! Matmul throughput on the MLP layer shapes and square 1024, at 1 and 2 threads, and the
//! recurrence's per-step products (`gemm_few_rows` against `gemm` on one thread).
//! Run: `cargo bench -p downhill-tensor --bench matmul`; GFLOP/s = 2·m·n·k / time.
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use downhill_tensor::{gemm, gemm_few_rows, MatRef, PackedB, Parallelism, Rng, Tensor};

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

/// The LSTM language model's steps (H = 256, G·H = 1024, 16 rows a block): forward h·W_hhᵀ
/// [16, 256]·[256, 1024] and backward ∂L/∂hp·W_hh [16, 1024]·[1024, 256], C += A·B.
fn bench_recurrence_steps(c: &mut Criterion) {
    let mut rng = Rng::seed(1);
    let mut group = c.benchmark_group("recurrence_step");
    group.sample_size(50);
    for (name, m, k, n) in [("forward16x256x1024", 16, 256, 1024), ("backward16x1024x256", 16, 1024, 256)] {
        let a = Tensor::rand_normal([m, k], 0.0, 1.0, &mut rng);
        let b = Tensor::rand_normal([k, n], 0.0, 1.0, &mut rng);
        let (mut out, packed) = (vec![0.0; m * n], PackedB::new(MatRef::of(&b)));
        group.throughput(Throughput::Elements((2 * m * n * k) as u64));
        group.bench_function(BenchmarkId::new("few_rows", name), |bench| {
            bench.iter(|| gemm_few_rows(MatRef::of(&a), &packed, &mut out))
        });
        group.bench_function(BenchmarkId::new("gemm", name), |bench| {
            bench.iter(|| gemm(1.0, MatRef::of(&a), MatRef::of(&b), 1.0, &mut out, Parallelism::Sequential))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_shapes, bench_recurrence_steps);
criterion_main!(benches);
