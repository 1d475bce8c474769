//! Transparent huge pages for big buffers. With 4 KiB pages, streaming a 40 MB buffer walks 10,000
//! page-table entries and the prefetcher stops at every page boundary; 2 MiB pages measured 10-25%
//! faster on large elementwise passes (PERFORMANCE.md). Linux hands out huge pages only to regions
//! marked with `madvise(MADV_HUGEPAGE)` when THP is in its default `madvise` mode, and only at first
//! touch, so big buffers are allocated zeroed (untouched `mmap` pages), marked, then filled.
use crate::Float;
use std::alloc::Layout;

/// Buffers from this many values (4 MiB) on are marked for huge pages.
const HUGE_MIN: usize = 1 << 20;

/// The most values one buffer can hold: its bytes must fit in `isize`.
const MAX_VALUES: usize = isize::MAX as usize / std::mem::size_of::<Float>();

/// A buffer of more values than any can hold (a layer of 2^62 units, a shape whose count
/// saturated) is out of memory like any other too-large request: it goes to the allocator and its
/// failure handling (the CLI's is a one-line error) instead of `Vec`'s "capacity overflow" panic.
#[cold]
fn too_large() -> ! {
    // The largest request there is; `black_box` keeps it from being optimised away (an unused
    // allocation may be elided), so the allocator sees it and its failure handling runs.
    let largest: Vec<Float> = Vec::with_capacity(std::hint::black_box(MAX_VALUES));
    std::hint::black_box(&largest);
    drop(largest); // granted (no real machine can): still more than the request needs
    let size = MAX_VALUES * std::mem::size_of::<Float>();
    let layout = Layout::from_size_align(size, std::mem::align_of::<Float>())
        .unwrap_or_else(|_| unreachable!("{size} bytes fit isize"));
    std::alloc::handle_alloc_error(layout)
}

/// `n` copies of `value`, on huge pages when `n` is large.
pub(crate) fn filled(n: usize, value: Float) -> Vec<Float> {
    if n > MAX_VALUES {
        too_large();
    }
    let mut v = vec![0.0; n];
    if n >= HUGE_MIN {
        advise(&v);
    }
    if value != 0.0 {
        v.fill(value);
    }
    v
}

/// An empty vector with room for `n` values, on huge pages when `n` is large (for `collect`-style
/// builders that push every value).
pub(crate) fn with_capacity(n: usize) -> Vec<Float> {
    if n > MAX_VALUES {
        too_large();
    }
    if n < HUGE_MIN {
        return Vec::with_capacity(n);
    }
    let mut v = filled(n, 0.0);
    v.clear();
    v
}

#[cfg(target_os = "linux")]
fn advise(v: &[Float]) {
    const PAGE: usize = 4096;
    let start = v.as_ptr() as usize;
    let aligned = start.next_multiple_of(PAGE);
    let end = start + std::mem::size_of_val(v);
    if end > aligned {
        // SAFETY: madvise only changes how the kernel backs [aligned, end), pages of the live
        // allocation `v`; it never changes their contents or validity. Failure is harmless.
        unsafe { libc::madvise(aligned as *mut libc::c_void, end - aligned, libc::MADV_HUGEPAGE) };
    }
}

#[cfg(not(target_os = "linux"))]
fn advise(_v: &[Float]) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buffers_hold_the_value_whatever_their_size() {
        for n in [0, 3, HUGE_MIN + 5] {
            let v = filled(n, 1.5);
            // Exact: every value is a copy of 1.5 written by `fill`; nothing is computed.
            assert!(v.len() == n && v.iter().all(|&x| x == 1.5), "n = {n}");
        }
        let v = with_capacity(HUGE_MIN + 1);
        assert!(v.is_empty() && v.capacity() > HUGE_MIN);
    }
}
