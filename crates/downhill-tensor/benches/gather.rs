//! `gather_rows` as a mini-batch step uses it: 256 shuffled rows of 100 values out of 1,000,000
//! (task (c)'s logistic regression) and of 784 out of 60,000 (MNIST), far larger than the caches,
//! so each row is a trip to memory unless it was prefetched. Run:
//! `cargo bench -p downhill-tensor --bench gather`; "bytes/s" counts the rows copied.
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use downhill_tensor::{Rng, Tensor};
use std::time::Instant;

const CASES: [(&str, usize, usize); 2] = [("logreg_1Mx100", 1_000_000, 100), ("mnist_60kx784", 60_000, 784)];
const BATCH: usize = 256;

fn bench_gather(c: &mut Criterion) {
    let mut rng = Rng::seed(0);
    let mut group = c.benchmark_group("gather_rows");
    for (name, rows, cols) in CASES {
        // Written values: untouched zeroed pages would all read one shared page.
        let x = Tensor::full([rows, cols], 1.0);
        let mut order: Vec<usize> = (0..rows).collect();
        rng.shuffle(&mut order);
        let mut batches = order.chunks_exact(BATCH).cycle();
        group.throughput(Throughput::Bytes((BATCH * cols * std::mem::size_of::<f32>()) as u64));
        // On a worker with the other kept ready, as a training loop runs (on_worker.rs).
        group.bench_function(BenchmarkId::new("batch_256", name), |b| {
            b.iter_custom(|iters| {
                downhill_tensor::on_worker(|| {
                    let start = Instant::now();
                    for _ in 0..iters {
                        drop(x.gather_rows(batches.next().unwrap_or_default()));
                    }
                    start.elapsed()
                })
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_gather);
criterion_main!(benches);
