//! Forward + backward of every autograd op on a mid-size input (256 x 256 unless the op needs
//! another shape; matmul and linear on the MNIST MLP's first layer at batch 128). Each iteration
//! records the inputs on a fresh tape (copying them), applies the op, sums the output and runs
//! `backward`, so it times what one use of the op costs in training. Run:
//! `cargo bench -p downhill-autograd --bench ops`; throughput is input elements per second.
use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use downhill_autograd::{Cell, Tape, Var};
use downhill_tensor::{Rng, Tensor};

const N: usize = 256;

type OpFn = for<'t> fn(&[Var<'t>]) -> Var<'t>;

fn normal(shape: &[usize], rng: &mut Rng) -> Tensor {
    Tensor::rand_normal(shape.to_vec(), 0.0, 1.0, rng)
}

fn positive(shape: &[usize], rng: &mut Rng) -> Tensor {
    Tensor::rand_uniform(shape.to_vec(), 0.5, 2.0, rng)
}

/// (name, op, input shapes, inputs must be positive)
fn ops() -> Vec<(&'static str, OpFn, Vec<Vec<usize>>, bool)> {
    let sq = || vec![vec![N, N]];
    let two = || vec![vec![N, N], vec![N, N]];
    vec![
        ("add", |v| v[0] + v[1], two(), false),
        ("add_broadcast_row", |v| v[0] + v[1], vec![vec![N, N], vec![N]], false),
        ("sub", |v| v[0] - v[1], two(), false),
        ("mul", |v| v[0] * v[1], two(), false),
        ("div", |v| v[0] / v[1], two(), true),
        ("neg", |v| -v[0], sq(), false),
        ("add_scalar", |v| v[0] + 1.5, sq(), false),
        ("mul_scalar", |v| v[0] * 1.5, sq(), false),
        ("abs", |v| v[0].abs(), sq(), false),
        ("clamp", |v| v[0].clamp(-0.5, 0.5), sq(), false),
        ("exp", |v| v[0].exp(), sq(), false),
        ("log", |v| v[0].log(), sq(), true),
        ("sqrt", |v| v[0].sqrt(), sq(), true),
        ("pow", |v| v[0].pow(3.0), sq(), false),
        ("relu", |v| v[0].relu(), sq(), false),
        ("leaky_relu", |v| v[0].leaky_relu(0.01), sq(), false),
        ("elu", |v| v[0].elu(1.0), sq(), false),
        ("gelu", |v| v[0].gelu(), sq(), false),
        ("sigmoid", |v| v[0].sigmoid(), sq(), false),
        ("tanh", |v| v[0].tanh(), sq(), false),
        ("softplus", |v| v[0].softplus(), sq(), false),
        ("softmax", |v| v[0].softmax(1), sq(), false),
        ("log_softmax", |v| v[0].log_softmax(1), sq(), false),
        ("sum", |v| v[0].sum(), sq(), false),
        ("mean", |v| v[0].mean(), sq(), false),
        ("sum_axis", |v| v[0].sum_axis(0), sq(), false),
        ("mean_axis", |v| v[0].mean_axis(1), sq(), false),
        ("max_axis", |v| v[0].max_axis(1), sq(), false),
        ("transpose", |v| v[0].transpose(), sq(), false),
        ("reshape", |v| v[0].reshape([N * N / 4, 4]), sq(), false),
        ("narrow", |v| v[0].narrow(1, 0..N / 2), sq(), false),
        ("concat", |v| Var::concat(&[v[0], v[1]], 0), two(), false),
        ("gather_rows", |v| v[0].gather_rows((0..N).rev().collect()), sq(), false),
        ("pick", |v| v[0].pick((0..N).map(|i| i % 10).collect()), sq(), false),
        ("dropout_mask", |v| v[0].dropout_mask(Tensor::full([N, N], 2.0)), sq(), false),
        ("matmul", |v| v[0].matmul(v[1]), vec![vec![128, 784], vec![784, 256]], false),
        ("linear", |v| v[0].linear(v[1], Some(v[2])), vec![vec![128, 784], vec![256, 784], vec![256]], false),
        // The language model's lstm(256) at batch 32, context 64: blocks of sequences on threads.
        (
            "recurrence_lstm",
            |v| v[0].recurrence(v[1], Some(v[2]), Cell::Lstm, false),
            vec![vec![32, 64, 1024], vec![1024, 256], vec![1024]],
            false,
        ),
    ]
}

fn bench_ops(c: &mut Criterion) {
    let mut rng = Rng::seed(0);
    let mut group = c.benchmark_group("op_forward_backward");
    group.sample_size(20);
    for (name, op, shapes, pos) in ops() {
        let inputs: Vec<Tensor> =
            shapes.iter().map(|s| if pos { positive(s, &mut rng) } else { normal(s, &mut rng) }).collect();
        group.throughput(Throughput::Elements(inputs.iter().map(Tensor::numel).sum::<usize>() as u64));
        group.bench_function(BenchmarkId::new(name, format!("{shapes:?}")), |b| {
            b.iter(|| {
                let tape = Tape::new();
                let vars: Vec<Var<'_>> = inputs.iter().map(|t| tape.watch(t.clone())).collect();
                let loss = op(&vars).sum();
                black_box(tape.backward(loss))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_ops);
criterion_main!(benches);
