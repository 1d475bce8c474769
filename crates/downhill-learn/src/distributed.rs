//! Data-parallel training: N processes ("ranks") train one model, as torch's
//! DistributedDataParallel does.
//!   - every rank holds all the data and the same seeded shuffle; rank r takes positions
//!     r, r+N, r+2N, ... of it (torch's DistributedSampler, `BatchSize::plan_shard`), so its k-th
//!     batch of B rows is its slice of the one-process run's k-th batch of N·B rows;
//!   - rank 0's weights and buffers are copied to every rank before the first step;
//!   - after each backward pass the gradients are summed over the ranks and divided by N, so each
//!     rank holds the gradient of the global batch's mean loss, and applies the same step;
//!   - the decisions that end a run (a stop flag, the time limit, a stopping rule) are agreed, so
//!     no rank waits for a partner that has left.
//!
//! The transport is a `Collective`: MPI under the `mpi` feature (`MpiWorld`), or anything else
//! that sums and broadcasts. Every rank reads the whole file and fits the preprocessing on all of
//! its rows, so the fitted statistics equal the one-process fit without being reduced.
use crate::LearnError;
use downhill_nn::Module;
use downhill_tensor::Tensor;

#[cfg(feature = "mpi")]
mod mpi_world;
#[cfg(feature = "mpi")]
pub use mpi_world::MpiWorld;

/// The collective operations data-parallel training needs. Every rank calls each operation in the
/// same order with buffers of the same length; every rank gets the same result.
pub trait Collective {
    /// This process's index, 0..ranks.
    fn rank(&self) -> usize;
    /// How many processes train together (N).
    fn ranks(&self) -> usize;
    /// Element-wise sums over the ranks, in place.
    fn sum_f32(&self, values: &mut [f32]);
    /// Element-wise sums over the ranks, in place, in f64 (losses and statistics).
    fn sum_f64(&self, values: &mut [f64]);
    /// Rank `root`'s bytes on every rank (`bytes` is resized to their length).
    fn broadcast_bytes(&self, root: usize, bytes: &mut Vec<u8>);
    /// Rank 0's values on every rank.
    fn broadcast_f32(&self, values: &mut [f32]);
}

/// Gradients are summed in buckets of at most this many values (torch DDP's default 25 MB), so
/// the transport's staging copy stays bounded whatever the model's size.
const BUCKET: usize = 25 * 1024 * 1024 / 4;

thread_local! {
    /// The bucket being summed, kept from step to step: a fresh megabyte-sized buffer every step
    /// costs more in page faults than the sum itself (measured: 1.3 ms against 0.17 ms for 1 MB).
    static STAGED: std::cell::RefCell<Vec<f32>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The data-parallel operations of one training run, on top of a `Collective`.
#[derive(Clone, Copy)]
pub struct DataParallel<'a> {
    /// The transport (MPI, or any other `Collective`).
    pub comm: &'a dyn Collective,
}

impl std::fmt::Debug for DataParallel<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DataParallel(rank {} of {})", self.comm.rank(), self.comm.ranks())
    }
}

impl DataParallel<'_> {
    /// This process's index, 0..ranks.
    pub fn rank(&self) -> usize {
        self.comm.rank()
    }

    /// How many processes train together.
    pub fn ranks(&self) -> usize {
        self.comm.ranks()
    }

    /// g ← (Σ_ranks g) / N and J ← (Σ_ranks J) / N: the global batch's mean loss and its gradient
    /// (every rank's batch has the same number of rows, see `BatchSize::plan_shard`).
    pub fn average(&self, gradients: &mut [Tensor], loss: &mut f64) {
        let n = self.ranks() as f32;
        STAGED.with_borrow_mut(|staged| self.average_staged(gradients, staged, n));
        let mut sum = [*loss];
        self.comm.sum_f64(&mut sum);
        *loss = sum[0] / self.ranks() as f64;
    }

    fn average_staged(&self, gradients: &mut [Tensor], staged: &mut Vec<f32>, n: f32) {
        let mut start = 0;
        while start < gradients.len() {
            // One bucket: whole tensors up to BUCKET values (at least one tensor).
            let mut end = start;
            staged.clear();
            while end < gradients.len() && (end == start || staged.len() + gradients[end].numel() <= BUCKET) {
                staged.extend_from_slice(gradients[end].data());
                end += 1;
            }
            self.comm.sum_f32(staged);
            let mut at = 0;
            for g in &mut gradients[start..end] {
                let len = g.numel();
                g.data_mut().iter_mut().zip(&staged[at..at + len]).for_each(|(g, s)| *g = s / n);
                at += len;
            }
            start = end;
        }
    }

    /// Rank 0's parameters and buffers on every rank.
    pub fn broadcast_model<M: Module + ?Sized>(&self, model: &mut M) {
        for p in model.params_mut() {
            self.comm.broadcast_f32(p.value.data_mut());
        }
        self.broadcast_buffers(model);
    }

    /// Rank 0's buffers (batch-norm running statistics) on every rank. Each rank's statistics
    /// follow its own batches; rank 0's are the model's, as with DDP's `broadcast_buffers`.
    pub fn broadcast_buffers<M: Module + ?Sized>(&self, model: &mut M) {
        for b in model.buffers_mut() {
            self.comm.broadcast_f32(b.value.data_mut());
        }
    }

    /// True on every rank when `flag` is true on any.
    pub fn any(&self, flag: bool) -> bool {
        let mut v = [f64::from(u8::from(flag))];
        self.comm.sum_f64(&mut v);
        v[0] > 0.0
    }

    /// Rank 0's value of `T` on every rank (through its JSON), so every rank acts on one decision.
    pub fn agree<T: serde::Serialize + serde::de::DeserializeOwned>(&self, value: T) -> T {
        let mut bytes = match self.rank() {
            0 => serde_json::to_vec(&value).expect("a decision serialises"),
            _ => Vec::new(),
        };
        self.comm.broadcast_bytes(0, &mut bytes);
        serde_json::from_slice(&bytes).expect("rank 0's decision deserialises")
    }

    /// Refuses, on every rank, a `what` that differs between ranks (say a file's header): the
    /// error names the first rank that differs from rank 0 and both values.
    pub fn check_same(&self, what: &str, local: &str) -> Result<(), LearnError> {
        let mut root = local.as_bytes().to_vec();
        self.comm.broadcast_bytes(0, &mut root);
        // The lowest rank that differs, agreed as a minimum through a sum of one-hot flags.
        let mut differs = vec![0.0; self.ranks()];
        differs[self.rank()] = f64::from(u8::from(root != local.as_bytes()));
        self.comm.sum_f64(&mut differs);
        let Some(other) = differs.iter().position(|&d| d > 0.0) else { return Ok(()) };
        let mut theirs = local.as_bytes().to_vec();
        self.comm.broadcast_bytes(other, &mut theirs);
        Err(LearnError::Distributed(format!(
            "rank {other} has {what} {} but rank 0 has {}: every rank must read the same data",
            String::from_utf8_lossy(&theirs),
            String::from_utf8_lossy(&root)
        )))
    }
}

#[cfg(test)]
pub(crate) mod threads;

#[cfg(test)]
mod tests {
    use super::threads::ThreadRanks;
    use super::*;
    use crate::{Batch, BatchSize, Hooks, OptimizerConfig, OptimizerSettings, Penalty, Split, StopReason};
    use crate::{StoppingRules, Task, TrainConfig, Trainer};
    use downhill_autograd::Var;
    use downhill_nn::{Ctx, Mlp, Sequential};
    use downhill_tensor::Rng;

    /// y = sin(x·w) on `n` standard normal rows of 3 columns, none held out.
    fn split(n: usize) -> Split {
        let mut rng = Rng::seed(11);
        let x = Tensor::rand_normal([n, 3], 0.0, 1.0, &mut rng);
        let y = x.matmul(&Tensor::from_rows(&[[1.0], [-2.0], [0.5]]).unwrap()).map(f32::sin);
        Split::new(&x, &y, 0.0, Task::Regression, 1).unwrap()
    }

    fn mse<'t>(cx: &Ctx<'t>, net: &mut Sequential, b: &Batch) -> Var<'t> {
        let r = net.forward(cx, cx.tape.leaf(b.x.clone())) - cx.tape.leaf(b.y.clone());
        (r * r).mean()
    }

    fn config(batch: usize, epochs: usize) -> TrainConfig {
        TrainConfig {
            optimizer: OptimizerSettings::new(OptimizerConfig::default().with_lr(0.01)),
            batch_size: BatchSize::Rows(batch),
            stopping: StoppingRules::epochs(epochs),
            penalty: Penalty::L2(1e-3),
            ..TrainConfig::default()
        }
    }

    /// Trains a fresh MLP on every rank of a thread group; each rank's weights and stop reason.
    fn train_ranks(
        ranks: usize,
        split: &Split,
        config: &TrainConfig,
    ) -> Vec<(Vec<Tensor>, Option<StopReason>)> {
        std::thread::scope(|scope| {
            let handles: Vec<_> = ThreadRanks::group(ranks)
                .into_iter()
                .map(|comm| {
                    scope.spawn(move || {
                        // Each rank starts from its own seed: rank 0's weights must reach the rest.
                        let mut net = Mlp::new(&[3, 8, 1]).seed(100 + comm.rank() as u64).build().unwrap();
                        let mut hooks =
                            Hooks { distributed: Some(DataParallel { comm: &comm }), ..Hooks::default() };
                        let s = Trainer::new(config, mse).train(&mut net, split, &mut hooks).unwrap();
                        (net.params().iter().map(|p| p.value.clone()).collect(), s.history().stop.clone())
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        })
    }

    fn max_relative_gap(a: &[Tensor], b: &[Tensor]) -> f32 {
        let pairs = a.iter().zip(b).flat_map(|(a, b)| a.data().iter().zip(b.data()));
        pairs.map(|(a, b)| (a - b).abs() / b.abs().max(1e-3)).fold(0.0, f32::max)
    }

    #[test]
    fn two_ranks_of_batch_b_take_the_steps_of_one_process_of_batch_2b() {
        // 160 rows, 2 epochs of 10 steps: Adam with an L2 penalty, 2 ranks × 8 rows against
        // 1 process × 16 rows. Within 1e-5 relative: only the order of the sums differs.
        let split = split(160);
        let one = {
            let mut net = Mlp::new(&[3, 8, 1]).seed(100).build().unwrap();
            Trainer::new(&config(16, 2), mse).train(&mut net, &split, &mut Hooks::default()).unwrap();
            net.params().iter().map(|p| p.value.clone()).collect::<Vec<_>>()
        };
        let ranks = train_ranks(2, &split, &config(8, 2));
        assert_eq!(max_relative_gap(&ranks[0].0, &ranks[1].0), 0.0, "the ranks hold the same weights");
        let gap = max_relative_gap(&ranks[0].0, &one);
        assert!(gap < 1e-5, "2 ranks vs 1 process: relative gap {gap}");
        let moved = max_relative_gap(
            &ranks[0].0,
            &Mlp::new(&[3, 8, 1])
                .seed(100)
                .build()
                .unwrap()
                .params()
                .iter()
                .map(|p| p.value.clone())
                .collect::<Vec<_>>(),
        );
        assert!(moved > 1e-2, "the weights trained ({moved})");
    }

    #[test]
    fn the_epoch_s_mean_gradient_is_that_of_the_one_process_run() {
        // The grad_tol rule reads the norm of the epoch's mean gradient: each rank's averaged
        // gradients stand for every rank's rows. Within 1e-4 relative (sums in another order).
        let split = split(160);
        let mut net = Mlp::new(&[3, 8, 1]).seed(100).build().unwrap();
        let one = Trainer::new(&config(16, 2), mse).train(&mut net, &split, &mut Hooks::default()).unwrap();
        let norms = |h: &crate::History| h.epochs.iter().map(|e| e.grad_norm).collect::<Vec<_>>();
        let ranks: Vec<Vec<f64>> = std::thread::scope(|scope| {
            let handles: Vec<_> = ThreadRanks::group(2)
                .into_iter()
                .map(|comm| {
                    let split = &split;
                    scope.spawn(move || {
                        let mut net = Mlp::new(&[3, 8, 1]).seed(100).build().unwrap();
                        let mut hooks =
                            Hooks { distributed: Some(DataParallel { comm: &comm }), ..Hooks::default() };
                        norms(
                            Trainer::new(&config(8, 2), mse)
                                .train(&mut net, split, &mut hooks)
                                .unwrap()
                                .history(),
                        )
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for (a, b) in ranks[0].iter().zip(norms(one.history())) {
            assert!((a - b).abs() <= 1e-4 * b, "{a} vs {b}");
        }
    }

    #[test]
    fn a_non_finite_loss_on_one_rank_stops_every_rank_at_the_same_batch() {
        // One row's target is 1e30, so only the rank whose shard holds it sees an infinite loss.
        let mut split = split(64);
        split.y_train.data_mut()[5] = 1e30;
        let ranks = train_ranks(2, &split, &config(8, 3));
        let stops: Vec<_> = ranks.iter().map(|r| r.1.clone()).collect();
        assert!(matches!(stops[0], Some(StopReason::NonFiniteLoss { epoch: 1, .. })), "{stops:?}");
        assert_eq!(stops[0], stops[1]);
        assert_eq!(max_relative_gap(&ranks[0].0, &ranks[1].0), 0.0, "both kept the same last good weights");
    }

    #[test]
    fn ranks_that_read_different_data_are_refused_on_every_rank_naming_both() {
        let results: Vec<Result<(), LearnError>> = std::thread::scope(|scope| {
            let handles: Vec<_> = ThreadRanks::group(3)
                .into_iter()
                .map(|comm| {
                    scope.spawn(move || {
                        let header = if comm.rank() == 2 { "x,y,label" } else { "x,y,z" };
                        DataParallel { comm: &comm }.check_same("columns", header)
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for r in results {
            let e = r.unwrap_err().to_string();
            assert_eq!(
                e,
                "rank 2 has columns x,y,label but rank 0 has x,y,z: every rank must read the same data"
            );
        }
    }
}
