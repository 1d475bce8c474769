//! Software prefetch for loops that stream several large buffers at once.
//!
//! A fused Adam step reads four buffers and writes three, with a square root and a division per
//! element. The hardware prefetcher keeps up with a plain `p += g; m += g; v += g` pass, but once the
//! division's latency fills the out-of-order window it stops running far enough ahead, and the
//! step stalls on every new cache line. Asking for each stream's data a fixed distance ahead keeps
//! the memory system busy whatever the arithmetic costs. Measured on 10M parameters, 2 threads (Xeon,
//! AVX-512, 260 MiB L3): Adam 5.2-6.1 ms -> 3.5-4.0 ms; the arithmetic-free pattern 4.2 -> 3.3 ms.
//! Distances of 512 and 1024 elements were equally good, 2048 worse, 4096 no better than none.
//! Prefetching is a hint: it never faults and never changes a result.
use crate::Float;
use std::ops::Range;

/// Elements computed between prefetches: four 64-byte cache lines of `f32`.
pub const STREAM_CHUNK: usize = 64;
/// How far ahead of the chunk being computed each stream is prefetched (4 KiB of `f32`).
pub const PREFETCH_AHEAD: usize = 1024;

/// Calls `chunk` on consecutive ranges covering `0..n` (`STREAM_CHUNK` long, the last one shorter),
/// first prefetching the same range `PREFETCH_AHEAD` elements further on in every buffer of
/// `streams` (their start addresses, `slice.as_ptr()`, so `chunk` can still borrow them mutably;
/// each should hold at least `n` values). Inline it into a loop compiled for the wide vector units
/// (`multiversion!`) and slice the buffers to the range inside `chunk`, so that loop vectorises.
#[inline(always)]
pub fn streamed<const K: usize>(n: usize, streams: [*const Float; K], mut chunk: impl FnMut(Range<usize>)) {
    let lines = STREAM_CHUNK / (64 / std::mem::size_of::<Float>());
    let mut start = 0;
    while start < n {
        let end = (start + STREAM_CHUNK).min(n);
        let ahead = start + PREFETCH_AHEAD;
        if ahead + STREAM_CHUNK <= n {
            for s in &streams {
                for line in 0..lines {
                    // Only an address: `wrapping_add` never reads, and it stays inside the buffer.
                    prefetch_to::<EVERY_LEVEL>(s.wrapping_add(ahead + line * (STREAM_CHUNK / lines)));
                }
            }
        }
        chunk(start..end);
        start = end;
    }
}

/// Asks for every cache line of `values` to be loaded into L2, for a gather that will read it soon: rows
/// picked in shuffled order are far apart, so the hardware prefetcher, which follows strides, never
/// fetches the next one, and each row costs a round trip to memory per cache line.
#[inline(always)]
pub fn prefetch_slice(values: &[Float]) {
    let per_line = 64 / std::mem::size_of::<Float>();
    let mut at = 0;
    while at < values.len() {
        prefetch_to::<L2>(values[at..].as_ptr());
        at += per_line;
    }
    if let Some(last) = values.last() {
        prefetch_to::<L2>(last); // the row's end can lie on one more line than its length suggests
    }
}

/// Where a prefetch puts its line: every cache level (`_MM_HINT_T0`), or L2 and beyond but not L1
/// (`_MM_HINT_T2`), for a gather. A gather's misses are many and independent; prefetches into L1
/// each hold one of its few fill buffers until the line arrives, and the loop stalled on them. Into
/// L2: 256 shuffled rows of 100 values (task (c)) 16.1 -> 13.9 µs, of 784 (MNIST) 70 -> 62 µs;
/// `_MM_HINT_NTA` was slower than either. Numbers, so that they exist on every target.
const EVERY_LEVEL: i32 = 3;
const L2: i32 = 1;
#[cfg(target_arch = "x86_64")]
const _: () = assert!(EVERY_LEVEL == std::arch::x86_64::_MM_HINT_T0 && L2 == std::arch::x86_64::_MM_HINT_T2);

/// Asks for the cache line holding `x` to be loaded into the caches `HINT` names.
#[inline(always)]
fn prefetch_to<const HINT: i32>(x: *const Float) {
    #[cfg(target_arch = "x86_64")]
    {
        // SAFETY: a prefetch is a hint with no architectural effect: it reads nothing into the program
        // and cannot fault; SSE, which it needs, is part of the x86-64 baseline.
        unsafe { std::arch::x86_64::_mm_prefetch::<HINT>(x.cast::<i8>()) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_cover_the_range_once_in_order() {
        for n in [0, 1, STREAM_CHUNK - 1, STREAM_CHUNK, PREFETCH_AHEAD + STREAM_CHUNK + 3, 5_000] {
            let data = vec![0.0; n];
            let mut seen = Vec::new();
            streamed(n, [data.as_ptr(), data.as_ptr()], |r| {
                assert!(r.len() <= STREAM_CHUNK && !r.is_empty(), "chunk {r:?} of {n}");
                seen.extend(r);
            });
            assert_eq!(seen, (0..n).collect::<Vec<_>>(), "n = {n}");
        }
    }
}
