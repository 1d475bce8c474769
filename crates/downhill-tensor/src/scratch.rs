//! A per-thread scratch buffer for kernels that need a temporary per call (a convolution's unfolded
//! columns and padded image), so the per-image loops allocate nothing after the first step: a fresh
//! 300 KB buffer per image would be an `mmap`, 75 page faults, and a `munmap` each time.
use crate::Float;
use std::cell::Cell;

thread_local! {
    static SCRATCH: Cell<Vec<Float>> = const { Cell::new(Vec::new()) };
}

/// Runs `f` on a buffer of `len` values with unspecified contents, reusing this thread's buffer.
/// Reentrant: a nested call finds the slot empty and allocates its own.
pub(crate) fn with_scratch<R>(len: usize, f: impl FnOnce(&mut [Float]) -> R) -> R {
    let mut buf = SCRATCH.with(Cell::take);
    if buf.len() < len {
        buf.resize(len, 0.0);
    }
    let r = f(&mut buf[..len]);
    SCRATCH.with(|s| s.set(buf));
    r
}
