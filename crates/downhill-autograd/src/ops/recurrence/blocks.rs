//! Cutting a batch of sequences into blocks of rows, one a thread, and running the blocks.
//! A block's rows are contiguous in every batch-major buffer, so each block gets its own slices
//! (`cut`) and the threads share nothing they write.
use downhill_tensor::{flushing_subnormals, in_subnormal_mode, Float};
use rayon::prelude::*;
use std::ops::Range;

/// The N·T·H·G·H (multiply-adds of all steps' products) from which the batch is cut into one block
/// of sequences per thread, as downhill-tensor's `BATCH_SPLIT_WORK`: 4M multiply-adds take about
/// 40 µs on one core, several times a fork-join (10-25 µs). The language model's LSTM has 537M.
pub(super) const SPLIT_WORK: usize = 4 << 20;

/// Cuts `buf` into one slice per block of rows, `per_row` values a row.
pub(super) fn cut<'a>(
    mut buf: &'a mut [Float],
    blocks: &[Range<usize>],
    per_row: usize,
) -> Vec<&'a mut [Float]> {
    let mut parts = Vec::with_capacity(blocks.len());
    for r in blocks {
        let (part, rest) = std::mem::take(&mut buf).split_at_mut(r.len() * per_row);
        parts.push(part);
        buf = rest;
    }
    parts
}

/// Runs `f` on every item, on rayon's threads when there are several (each in this thread's
/// subnormal mode, so the numbers do not depend on the split).
pub(super) fn each_block<I: Send, R: Send>(items: Vec<I>, f: impl Fn(I) -> R + Sync) -> Vec<R> {
    if items.len() == 1 {
        return items.into_iter().map(f).collect();
    }
    let flush = flushing_subnormals();
    let run = |item| in_subnormal_mode(flush, || f(item));
    items.into_par_iter().map(run).collect()
}
