//! The batches of each step, gathered from the training rows: the next step's on another worker of
//! rayon's pool while this step runs, as torch's DataLoader does with a worker.
//!
//! A shuffled batch's rows lie far apart in memory, so gathering them costs a round trip to memory
//! per cache line, which prefetching only partly hides (`gather_rows`): on task (c)'s logistic
//! regression (1,000,000 rows of 100 values, batch 256) about half of each step. The step's
//! arithmetic does not need those lines, so the copy for step b + 1 runs beside step b. It writes
//! over the batches of step b − 1 (`gather_rows_over`), which the step no longer holds, so that no
//! buffer made on the worker ends in this thread's pool (`downhill_tensor`'s pool.rs), which would
//! keep it without ever reusing it. The values are the same whichever thread copies them. Rows
//! that fit in the cache are gathered by the step itself (`AHEAD_FROM_BYTES`).
use crate::train_step::StepInput;
use crate::{Batch, Split, TrainConfig};
use downhill_tensor::Tensor;

/// One step's batches: the rows of each part of `group` gathered from `split`'s training rows
/// (all of them as they are when a part is every row), each weighted by its share of the group.
pub(crate) fn step_input<'p>(split: &Split, group: &[Vec<usize>], c: &TrainConfig) -> StepInput<'p> {
    step_input_with(gathered(split, group, Vec::new()), split, group, c)
}

/// The step's input around its `batches`, those of `group`.
fn step_input_with<'p>(
    batches: Batches,
    split: &Split,
    group: &[Vec<usize>],
    c: &TrainConfig,
) -> StepInput<'p> {
    let (n, rows) = (split.train_rows(), group.iter().map(Vec::len).sum::<usize>());
    StepInput {
        batches,
        penalty: c.penalty.for_rows(n),
        seed: c.seed,
        share: rows as f64 / n as f64,
        parallel: None,
    }
}

/// A step's batches, each with its weight.
type Batches = Vec<(Batch, f64)>;

/// The batches of `group`, each gathered over the batch of `spares` at its place when that fits.
fn gathered(split: &Split, group: &[Vec<usize>], spares: Vec<Batch>) -> Batches {
    let (n, rows) = (split.train_rows(), group.iter().map(Vec::len).sum::<usize>());
    let mut spares = spares.into_iter();
    group
        .iter()
        .map(|part| {
            let spare = spares.next().unwrap_or_default();
            let batch = match part.len() == n {
                true => Batch { x: split.x_train.clone(), y: split.y_train.clone() },
                false => Batch {
                    x: split.x_train.gather_rows_over(part, spare.x),
                    y: split.y_train.gather_rows_over(part, spare.y),
                },
            };
            (batch, part.len() as f64 / rows as f64)
        })
        .collect()
}

/// Bytes of training inputs from which the next step's rows are gathered ahead: with fewer, the rows
/// are in the last-level cache (32 MB on this project's 2-core AMD EPYC machine) and copying them
/// costs less than the products lose when the second thread gathers instead of helping them. The
/// MNIST MLP (8,000 rows of 784 values, 25 MB, Adam, batch 128): 0.065-0.067 s an epoch gathered by
/// the step, 0.067-0.068 s gathered ahead; task (c)'s logistic regression (400 MB): 0.138-0.145 s
/// gathered by the step, 0.096-0.106 s ahead.
const AHEAD_FROM_BYTES: usize = 32 << 20;

/// The steps of one epoch: each step's batches gathered while the step before runs (from
/// `AHEAD_FROM_BYTES` on) or by the step itself, over the buffers of an earlier step.
pub(crate) struct StepBatches<'a> {
    split: &'a Split,
    config: &'a TrainConfig,
    steps: &'a [&'a [Vec<usize>]],
    /// Gather the next step's batches on another worker.
    ahead: bool,
    /// Step b's batches, gathered during step b − 1.
    next: Option<Batches>,
    /// The batches of the last step run, free to be written over.
    spares: Vec<Batch>,
}

impl<'a> StepBatches<'a> {
    /// Before the epoch's first step; `steps` holds each step's parts (row indices of `split`'s
    /// training rows).
    pub(crate) fn new(split: &'a Split, config: &'a TrainConfig, steps: &'a [&'a [Vec<usize>]]) -> Self {
        let bytes = split.x_train.numel() * std::mem::size_of::<downhill_tensor::Float>();
        let ahead = bytes >= AHEAD_FROM_BYTES && rayon::current_num_threads() > 1;
        StepBatches { split, config, steps, ahead, next: None, spares: Vec::new() }
    }

    /// Runs `step` on step `b`'s input (steps are run in order from 0), while another worker gathers
    /// step b + 1's when gathering ahead, and returns what `step` returns.
    pub(crate) fn run<'p, R>(&mut self, b: usize, step: impl FnOnce(&mut StepInput<'p>) -> R) -> R {
        let (split, config) = (self.split, self.config);
        let mut spares = std::mem::take(&mut self.spares);
        let batches = match self.next.take() {
            Some(batches) => batches,
            None => gathered(split, self.steps[b], std::mem::take(&mut spares)),
        };
        let mut input = step_input_with(batches, split, self.steps[b], config);
        let result = match self.steps.get(b + 1).filter(|_| self.ahead) {
            None => step(&mut input),
            Some(&group) => {
                // Buffers of the right sizes, made here when the last step's do not fit (a shorter
                // last batch), so that this thread's pool gets them back.
                let spares = fitting_spares(split, group, spares);
                let next = &mut self.next;
                rayon::in_place_scope(|scope| {
                    scope.spawn(move |_| *next = Some(gathered(split, group, spares)));
                    step(&mut input)
                })
            }
        };
        self.spares = input.batches.into_iter().map(|(batch, _)| batch).collect();
        result
    }
}

/// `spares` made to fit `group`'s parts: each spare whose `x` and `y` hold as many values as that
/// part's gathered rows, new tensors of those sizes in place of those that do not.
fn fitting_spares(split: &Split, group: &[Vec<usize>], spares: Vec<Batch>) -> Vec<Batch> {
    let mut spares = spares.into_iter();
    let fit = |spare: Tensor, of: &Tensor, rows: usize| {
        let shape = of.shape().with_dim(0, rows);
        if spare.numel() == shape.numel() {
            spare
        } else {
            Tensor::full(shape, 0.0)
        }
    };
    group
        .iter()
        .map(|part| {
            let Batch { x, y } = spares.next().unwrap_or_default();
            match part.len() == split.train_rows() {
                // Every row: the step takes the training rows as they are and gathers nothing.
                true => Batch::default(),
                false => {
                    Batch { x: fit(x, &split.x_train, part.len()), y: fit(y, &split.y_train, part.len()) }
                }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_tensor::Rng;

    #[test]
    fn each_step_gets_its_rows_over_the_buffers_of_an_earlier_step() {
        let mut rng = Rng::seed(3);
        let x = Tensor::rand_normal([66, 4], 0.0, 1.0, &mut rng);
        let y = Tensor::rand_normal([66, 1], 0.0, 1.0, &mut rng);
        let split = Split::train_only(&x, &y);
        let config = TrainConfig::default();
        let mut order: Vec<usize> = (0..66).collect();
        rng.shuffle(&mut order);
        // Four steps of two parts of 8 rows, then a shorter last step (one part of 2 rows).
        let parts: Vec<Vec<usize>> = order.chunks(8).map(<[usize]>::to_vec).collect();
        let steps: Vec<&[Vec<usize>]> = parts.chunks(2).collect();
        // 66 rows are far below AHEAD_FROM_BYTES: gathered by each step itself.
        assert!(!StepBatches::new(&split, &config, &steps).ahead);
        for ahead in [false, true] {
            let mut batches = StepBatches { ahead, ..StepBatches::new(&split, &config, &steps) };
            let mut buffers = Vec::new();
            for (b, group) in steps.iter().enumerate() {
                let want = step_input(&split, group, &config);
                batches.run(b, |input| {
                    assert_eq!(input.batches.len(), want.batches.len(), "step {b}");
                    for ((got, w), (expected, we)) in input.batches.iter().zip(&want.batches) {
                        // Exact: gathering only copies rows, on whichever thread.
                        assert_eq!((&got.x, &got.y, w), (&expected.x, &expected.y, we), "step {b}, {ahead}");
                    }
                    assert_eq!((input.share, input.seed), (want.share, want.seed), "step {b}");
                    buffers.push(input.batches[0].0.x.data().as_ptr());
                });
            }
            // Gathered by the step: over the step before's batches; ahead: over those of two steps
            // back, which the step before no longer holds (same sizes up to step 3).
            let back = if ahead { 2 } else { 1 };
            for b in back..4 {
                assert_eq!(buffers[b], buffers[b - back], "step {b}, ahead {ahead}");
            }
        }
    }
}
