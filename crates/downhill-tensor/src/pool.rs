//! A per-thread pool of tensor buffers, so that a training step allocates nothing once the first
//! steps have filled it: every step makes and drops the same tensors in the same sizes.
//!   a tensor dropped while it is its buffer's only owner  ->  `give`: kept on the shelf of its length
//!   a kernel making a tensor of n values                 ->  `take(n)`: the last buffer given of length n
//! Buffers are kept with their `Arc`, so a recycled tensor costs no allocation at all. Their contents
//! are stale: the constructors in `tensor.rs` hand a buffer only to code that writes every value
//! (`Tensor::written`, poisoned with NaN in debug builds so that a read before the write shows), or
//! cleared for pushing (`Tensor::pushed`), or filled (`Tensor::full`).
//!
//! Bounded: a thread keeps at most `MAX_BYTES`, and no buffer above `MAX_BUFFER` (those are rare and
//! their allocation is small beside the work done on them). A buffer taken on one thread and dropped
//! on another moves to the other's pool; the bound keeps that from growing.
use crate::Float;
use std::cell::RefCell;
use std::sync::Arc;

/// A tensor's buffer.
pub(crate) type Buffer = Arc<Vec<Float>>;

/// Most bytes of buffers one thread keeps. A step of issue 11's transformer language model (4 blocks,
/// batch 32 × context 128) makes more than 256 MB of tensors: with that bound the rest were freed and
/// page-faulted afresh every step (20 steps: 4.4 s of system time against 2.7 s with this one).
const MAX_BYTES: usize = 1 << 30;
/// Buffers above this many bytes are freed, not kept.
const MAX_BUFFER: usize = 64 << 20;

/// Free buffers, one shelf per length (a step uses a few dozen lengths: a linear scan is enough).
struct Pool {
    shelves: Vec<(usize, Vec<Buffer>)>,
    bytes: usize,
}

thread_local! {
    static POOL: RefCell<Pool> = const { RefCell::new(Pool { shelves: Vec::new(), bytes: 0 }) };
}

/// A buffer of exactly `len` values with stale contents, only owned by the caller; `None` when
/// the shelf is empty.
pub(crate) fn take(len: usize) -> Option<Buffer> {
    let taken = POOL.try_with(|p| {
        let mut p = p.try_borrow_mut().ok()?;
        let buf = p.shelves.iter_mut().find(|(l, _)| *l == len)?.1.pop()?;
        p.bytes -= bytes(len);
        Some(buf)
    });
    taken.ok().flatten()
}

/// Keeps `buf` for a later `take` when the caller was its only owner and the bounds allow; frees it
/// otherwise.
pub(crate) fn give(mut buf: Buffer) {
    let len = buf.len();
    if Arc::get_mut(&mut buf).is_none() || bytes(len) > MAX_BUFFER {
        return;
    }
    // Outside a thread's lifetime (its pool already destroyed) the buffer is simply freed.
    let _ = POOL.try_with(move |p| {
        let Ok(mut p) = p.try_borrow_mut() else { return };
        if p.bytes + bytes(len) > MAX_BYTES {
            return;
        }
        p.bytes += bytes(len);
        match p.shelves.iter_mut().find(|(l, _)| *l == len) {
            Some((_, shelf)) => shelf.push(buf),
            None => p.shelves.push((len, vec![buf])),
        }
    });
}

/// Frees every buffer this thread keeps (e.g. after training, before a long idle time).
pub fn release_buffers() {
    let _ = POOL.try_with(|p| {
        if let Ok(mut p) = p.try_borrow_mut() {
            p.shelves = Vec::new();
            p.bytes = 0;
        }
    });
}

/// Bytes of the buffers this thread keeps.
pub fn pooled_bytes() -> usize {
    POOL.try_with(|p| p.try_borrow().map_or(0, |p| p.bytes)).unwrap_or(0)
}

fn bytes(len: usize) -> usize {
    len * std::mem::size_of::<Float>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_given_buffer_comes_back_for_its_length_only() {
        release_buffers();
        let buf = Arc::new(vec![1.5; 7]);
        let ptr = buf.as_ptr();
        give(buf);
        assert_eq!(pooled_bytes(), 28);
        assert!(take(6).is_none() && take(8).is_none());
        let back = take(7).unwrap();
        assert_eq!((back.as_ptr(), back.len(), pooled_bytes()), (ptr, 7, 0));
    }

    #[test]
    fn shared_and_oversized_buffers_are_not_kept() {
        release_buffers();
        let shared = Arc::new(vec![0.0; 3]);
        let other = shared.clone();
        give(shared);
        assert!(take(3).is_none(), "a buffer another tensor still reads must not be handed out");
        drop(other);
        give(Arc::new(vec![0.0; MAX_BUFFER / 4 + 1]));
        assert_eq!(pooled_bytes(), 0);
    }
}
