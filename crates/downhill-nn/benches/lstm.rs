//! One training step (forward + backward) of `lstm(256)` on batch 32 × context 64 × input 64, the
//! recurrent layer of issue 11's character model, with the input's gradient wanted (in the model it
//! comes from an embedding). "elements/s" is FLOP/s, 2 FLOP per multiply-add, N·T = 2048 rows:
//!   forward   2·NT·I·4H (input projection) + 2·NT·H·4H (recurrent products)      = 1.34 GFLOP
//!   backward  twice each (dX and dW_ih; dh and dW_hh)                            = 2.68 GFLOP
//! Run: `cargo bench -p downhill-nn --bench lstm`.
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use downhill_autograd::Tape;
use downhill_nn::spec::parse_layers;
use downhill_nn::{Ctx, Module, Sequential};
use downhill_tensor::{Rng, Tensor};

const N: usize = 32;
const T: usize = 64;
const I: usize = 64;
const H: usize = 256;

fn bench_lstm(c: &mut Criterion) {
    let layers = parse_layers(&format!("lstm({H})")).expect("valid layer text");
    let mut net = Sequential::from_spec(&layers, &[T, I], 0).expect("fits [T, I]");
    let x = Tensor::rand_normal([N, T, I], 0.0, 1.0, &mut Rng::seed(1));
    let flops = 3 * (2 * N * T * I * 4 * H + 2 * N * T * H * 4 * H);
    let mut group = c.benchmark_group("lstm");
    group.sample_size(20).throughput(Throughput::Elements(flops as u64));
    group.bench_function("train_step_n32_t64_i64_h256", |b| {
        b.iter(|| {
            let tape = Tape::new();
            let xv = tape.watch(x.clone());
            let y = net.forward(&Ctx::train(&tape, 0), xv);
            let grads = tape.backward(y.sum());
            std::hint::black_box(grads);
        })
    });
    group.finish();
}

criterion_group!(benches, bench_lstm);
criterion_main!(benches);
