//! Heap allocations per training step, counted by a global allocator (this test binary's own).
//!
//! The library's loop (`Trainer`, Adam, softmax cross-entropy through `Objective::Multinomial`)
//! trains an MLP 784-256-128-10 (batch 64) and the MNIST CNN
//! `conv2d(16, 5, padding=2), relu, max_pool2d(2), conv2d(32, 5, padding=2), relu, max_pool2d(2),
//! flatten, linear(10)` on [1, 28, 28] (batch 8) on random data. A progress hook reads the counter
//! after every batch, so the count between two batches of one epoch is one whole step: gathering
//! the batch, the forward pass on the tape, backward, the gradient checks and the optimizer update.
//! The first epoch warms the buffer pools up; the steps of the later epochs are asserted.
//!
//! Everything runs in one `#[test]`: the counter is process-wide, so no other test may run beside it.
//! It runs on a one-thread pool. The buffer pools are per thread, and with more threads a kernel's
//! work lands on whichever worker is free: a worker first handed a buffer size in a later epoch
//! warms its pool then (a busy machine made the CNN's first measured step take 680 KB that way), so
//! the count would depend on the scheduler. One thread makes the warm-up, and the count, exact.
#![allow(clippy::unwrap_used)]
use downhill_learn::{
    parse_layers, BatchEvent, BatchSize, HealthSampling, Hooks, Objective, Progress, Split, StoppingRules,
    Tensor, TrainConfig, Trainer,
};
use downhill_nn::Sequential;
use downhill_tensor::Rng;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};

/// The system allocator, counting every allocation (a `realloc` counts as one).
struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);

/// Set with `TRACE_ALLOC=1` for one step of the third epoch: each allocation prints its size and
/// the downhill frames that made it (how the remaining ones were found).
static TRACE: AtomicBool = AtomicBool::new(false);
thread_local! { static TRACING: Cell<bool> = const { Cell::new(false) }; }

fn trace(size: usize) {
    // Capturing a backtrace allocates: the flag keeps that from tracing itself.
    if !TRACE.load(Relaxed) || TRACING.with(|t| t.replace(true)) {
        return;
    }
    let trace = std::backtrace::Backtrace::force_capture().to_string();
    let frames: Vec<&str> = trace
        .lines()
        .map(str::trim)
        .filter(|l| l.contains("downhill") && !l.starts_with("at ") && !l.contains("allocations::"))
        .take(4)
        .collect();
    eprintln!("allocation of {size} bytes: {}", frames.join(" < "));
    TRACING.with(|t| t.set(false));
}

// SAFETY: every call is forwarded unchanged to `System`; the counters have no effect on memory.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        trace(layout.size());
        ALLOCATIONS.fetch_add(1, Relaxed);
        BYTES.fetch_add(layout.size() as u64, Relaxed);
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        trace(layout.size());
        ALLOCATIONS.fetch_add(1, Relaxed);
        BYTES.fetch_add(layout.size() as u64, Relaxed);
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        trace(new_size);
        ALLOCATIONS.fetch_add(1, Relaxed);
        BYTES.fetch_add(new_size as u64, Relaxed);
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// (allocations, bytes) between consecutive batches, for epochs after the first.
#[derive(Default)]
struct PerStep {
    last: Option<(u64, u64)>,
    steps: Vec<(u64, u64)>,
}

impl Progress for PerStep {
    fn on_batch(&mut self, e: &BatchEvent) {
        let now = (ALLOCATIONS.load(Relaxed), BYTES.load(Relaxed));
        // The first batch of an epoch follows the epoch's bookkeeping (plan, history), not a step.
        if let (Some(last), true) = (self.last, e.epoch > 1 && e.batch > 1) {
            self.steps.push((now.0 - last.0, now.1 - last.1));
        }
        TRACE.store(e.epoch == 3 && e.batch == 2 && std::env::var_os("TRACE_ALLOC").is_some(), Relaxed);
        self.last = Some((ALLOCATIONS.load(Relaxed), BYTES.load(Relaxed)));
    }
}

/// Per-step (allocations, bytes) of training `layers` on random rows of `input` shape.
fn count(layers: &str, input: &[usize], batch: usize, batches: usize) -> Vec<(u64, u64)> {
    let features: usize = input.iter().product();
    let rows = batch * batches;
    let mut rng = Rng::seed(1);
    let x = Tensor::rand_uniform([rows, features], 0.0, 1.0, &mut rng);
    let y = Tensor::from_vec((0..rows).map(|i| (i % 10) as f32).collect(), [rows, 1]).unwrap();
    let split = Split::train_only(&x, &y);
    let config = TrainConfig {
        batch_size: BatchSize::Rows(batch),
        stopping: StoppingRules::epochs(3),
        ..TrainConfig::default()
    };
    let mut net = Sequential::from_spec(&parse_layers(layers).unwrap(), input, 7).unwrap();
    let trainer = Trainer {
        config: &config,
        criterion: Objective::Multinomial,
        identity: String::new(),
        in_order: false,
    };
    let mut per_step = PerStep::default();
    per_step.steps.reserve(1000); // the hook's own record must not allocate during the steps
                                  // The health monitor's sampled steps (one in twenty) also copy the parameters and collect each
                                  // activation layer's statistics, a few small blocks; counted here is the step itself.
    let health = HealthSampling::Off;
    let mut hooks = Hooks { progress: Some(&mut per_step), health, ..Hooks::default() };
    let session = trainer.train(&mut net, &split, &mut hooks).unwrap();
    assert_eq!(session.history().epochs.len(), 3);
    per_step.steps
}

/// Most allocations, and bytes, a step may make after warm-up. No tensor is allocated: every value,
/// gradient and optimizer temporary comes from the buffer pool, the tape's lists and op boxes are
/// recycled. What remains (43 and 40 small blocks, 3.6 and 3.2 KB, on 2026-12-05) is bookkeeping:
/// the `params()` lists the step builds, and the optimizer's per-step plan of blocks and stages.
/// One more tensor per step (the smallest here, the CNN's logits, is 320 bytes) breaks the count.
const MAX_ALLOCATIONS: u64 = 48;
const MAX_BYTES: u64 = 8 << 10;
/// The transformer block has 17 parameters to the MLP's 6, so its bookkeeping is larger (91 blocks,
/// 9.8 KB on 2026-12-05, the three layer norms' f64 column sums among them); its smallest tensor
/// per step, a layer norm's row statistics, is 512 bytes.
const MAX_ALLOCATIONS_TRANSFORMER: u64 = 100;
const MAX_BYTES_TRANSFORMER: u64 = 12 << 10;

#[test]
fn training_steps_allocate_nothing_after_warm_up() {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
    pool.install(measure_and_check);
}

fn measure_and_check() {
    let mlp = count("linear(256), relu, linear(128), relu, linear(10)", &[784], 64, 6);
    let cnn = count(
        "conv2d(16, 5, padding=2), relu, max_pool2d(2), conv2d(32, 5, padding=2), relu, max_pool2d(2), \
         flatten, linear(10)",
        &[1, 28, 28],
        8,
        5,
    );
    let transformer = count(
        "positional_embedding, transformer_encoder_layer(2, 32, 0.0, norm_first=true, causal=true), \
         layer_norm(normalized_dims=1), flatten, linear(10)",
        &[8, 16],
        8,
        5,
    );
    eprintln!("allocations, bytes per step: MLP {mlp:?}\nCNN {cnn:?}\ntransformer {transformer:?}");
    assert!(mlp.len() == 10 && cnn.len() == 8 && transformer.len() == 8, "steps measured");
    let bounds = [
        ("MLP", &mlp, MAX_ALLOCATIONS, MAX_BYTES),
        ("CNN", &cnn, MAX_ALLOCATIONS, MAX_BYTES),
        ("transformer", &transformer, MAX_ALLOCATIONS_TRANSFORMER, MAX_BYTES_TRANSFORMER),
    ];
    for (net, steps, most, most_bytes) in bounds {
        for &(n, bytes) in steps {
            assert!(
                n <= most && bytes <= most_bytes,
                "{net}: a step made {n} allocations of {bytes} bytes (at most {most}, {most_bytes}): \
                 {steps:?}; TRACE_ALLOC=1 shows where"
            );
        }
    }
}
