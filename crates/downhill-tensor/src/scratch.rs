//! A per-thread scratch buffer for kernels that need a temporary per call (a convolution's unfolded
//! columns and padded image), so the per-image loops allocate nothing after the first step: a fresh
//! 300 KB buffer per image would be an `mmap`, 75 page faults, and a `munmap` each time. A second
//! slot holds f64 accumulators, two more the index tables of pooling and folding.
use crate::Float;
use std::cell::Cell;

thread_local! {
    static SCRATCH: Cell<Vec<Float>> = const { Cell::new(Vec::new()) };
    static SCRATCH_F64: Cell<Vec<f64>> = const { Cell::new(Vec::new()) };
    static SCRATCH_U32: Cell<Vec<u32>> = const { Cell::new(Vec::new()) };
    static SCRATCH_USIZE: Cell<Vec<usize>> = const { Cell::new(Vec::new()) };
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

/// `with_scratch` for f64 accumulators (the partial sums of an axis reduction).
pub(crate) fn with_f64_scratch<R>(len: usize, f: impl FnOnce(&mut [f64]) -> R) -> R {
    let mut buf = SCRATCH_F64.with(Cell::take);
    if buf.len() < len {
        buf.resize(len, 0.0);
    }
    let r = f(&mut buf[..len]);
    SCRATCH_F64.with(|s| s.set(buf));
    r
}

/// `with_scratch` for u32 positions (max pooling's running argmax).
pub(crate) fn with_u32_scratch<R>(len: usize, f: impl FnOnce(&mut [u32]) -> R) -> R {
    let mut buf = SCRATCH_U32.with(Cell::take);
    if buf.len() < len {
        buf.resize(len, 0);
    }
    let r = f(&mut buf[..len]);
    SCRATCH_U32.with(|s| s.set(buf));
    r
}

/// An empty vector to push offsets into, reusing this thread's (its capacity kept between calls).
pub(crate) fn with_index_vec<R>(f: impl FnOnce(&mut Vec<usize>) -> R) -> R {
    let mut buf = SCRATCH_USIZE.with(Cell::take);
    buf.clear();
    let r = f(&mut buf);
    SCRATCH_USIZE.with(|s| s.set(buf));
    r
}
