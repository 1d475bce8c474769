//! Big elementwise passes in two halves on two threads. The passes between the products of a
//! training step (an activation, its gradient, a residual sum) stream megabytes each on one thread
//! while the other sits idle: 5 % of the transformer step. From `SPLIT_VALUES` values on, the
//! output is cut in two at a multiple of 64 values and each half is computed on its own thread,
//! in the caller's subnormal mode. Each value is computed by the same code either way.
use crate::{join_in_mode, Float};

/// Values from which a pass is cut in two: 32K values (128 KB) take about 15 µs on one core. With
/// the job on a worker and the other kept ready (on_worker.rs), handing a half over costs about a
/// microsecond; from 256K (when it cost a wake-up) down to 32K, the MNIST CNN's ReLUs after pooling
/// (100-200K values) were split and its 2-thread epoch took 0.53 s instead of 0.55 s.
pub(crate) const SPLIT_VALUES: usize = 1 << 15;

/// `f` on all `rows` rows of `whole`, or (when `split` and rayon has two threads or more) on its
/// first and second halves at the same time, `cut(whole, r)` cutting it at row r: the result, or
/// the two halves' results in row order. Both halves run in the caller's subnormal mode.
pub fn by_halves<T: Send, R: Send>(
    rows: usize,
    split: bool,
    whole: T,
    cut: impl FnOnce(T, usize) -> (T, T),
    f: impl Fn(T) -> R + Sync,
) -> (R, Option<R>) {
    if rows < 2 || !split || rayon::current_num_threads() < 2 {
        return (f(whole), None);
    }
    let (a, b) = cut(whole, rows / 2);
    let (ra, rb) = join_in_mode(|| f(a), || f(b));
    (ra, Some(rb))
}

/// Values per row of `in_halves`' cut: halves start on a 64-value (256-byte) boundary.
const BLOCK: usize = 64;

/// `in_halves`' output and operands.
type Parts<'a> = (&'a mut [Float], &'a [Float], &'a [Float]);

/// The parts before and after `blocks` blocks of `BLOCK` values.
fn cut_blocks(w: Parts<'_>, blocks: usize) -> (Parts<'_>, Parts<'_>) {
    let at = blocks * BLOCK;
    let ((o1, o2), (a1, a2), (b1, b2)) = (w.0.split_at_mut(at), w.1.split_at(at), w.2.split_at(at));
    ((o1, a1, b1), (o2, a2, b2))
}

/// `f(part of out, the same part of a, of b)` over `out`, `a` and `b` of equal length, in two
/// halves on two threads from `SPLIT_VALUES` values on.
pub(crate) fn in_halves(
    out: &mut [Float],
    a: &[Float],
    b: &[Float],
    f: &(impl Fn(&mut [Float], &[Float], &[Float]) + Sync),
) {
    let n = out.len();
    let split = n >= SPLIT_VALUES && a.len() == n && b.len() == n;
    by_halves(n.div_ceil(BLOCK), split, (out, a, b), cut_blocks, |(o, a, b)| f(o, a, b));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_halves_are_computed_and_in_place() {
        let n = SPLIT_VALUES + 100;
        let a: Vec<Float> = (0..n).map(|i| (i % 1000) as Float).collect();
        let b: Vec<Float> = (0..n).map(|i| (i % 7) as Float).collect();
        let mut out = vec![Float::NAN; n];
        in_halves(&mut out, &a, &b, &|o, a, b| {
            o.iter_mut().zip(a.iter().zip(b)).for_each(|(o, (a, b))| *o = a * 2.0 + b)
        });
        // Exact: small integers throughout.
        assert!(out.iter().enumerate().all(|(i, &v)| v == ((i % 1000) * 2 + i % 7) as Float));
    }
}
