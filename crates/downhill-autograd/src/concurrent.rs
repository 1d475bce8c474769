//! Independent pieces of an op's work on rayon's threads. Subnormal flushing is a per-thread mode
//! (downhill-tensor's `flush_subnormals`), so every piece runs in the mode of the thread that
//! handed it out, and the numbers do not depend on which thread ran it.
use downhill_tensor::{flush_subnormals, flushing_subnormals};

/// Runs `f` flushing subnormals when `flush`.
pub(crate) fn in_mode<R>(flush: bool, f: impl FnOnce() -> R) -> R {
    if flush {
        flush_subnormals(f)
    } else {
        f()
    }
}

/// `a` and `b` at the same time (`rayon::join`), both in this thread's subnormal mode.
pub(crate) fn join<A: Send, B: Send>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B + Send) -> (A, B) {
    let flush = flushing_subnormals();
    rayon::join(|| in_mode(flush, a), || in_mode(flush, b))
}

/// `f` on all `rows` rows of `whole`, or (when `split` and rayon has two threads or more) on its
/// first and second halves at the same time, `cut(whole, r)` cutting it at row r: the result, or
/// the two halves' results in row order.
pub(crate) fn by_halves<T: Send, R: Send>(
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
    let (ra, rb) = join(|| f(a), || f(b));
    (ra, Some(rb))
}
