//! Transparent huge pages for big buffers. With 4 KiB pages, streaming a 40 MB buffer walks 10,000
//! page-table entries and the prefetcher stops at every page boundary; 2 MiB pages measured 10-25%
//! faster on large elementwise passes (PERFORMANCE.md). Linux hands out huge pages only to regions
//! marked with `madvise(MADV_HUGEPAGE)` when THP is in its default `madvise` mode, and only at first
//! touch, so big buffers are allocated zeroed (untouched `mmap` pages), marked, then filled.
use crate::Float;

/// Buffers from this many values (4 MiB) on are marked for huge pages.
const HUGE_MIN: usize = 1 << 20;

/// `n` copies of `value`, on huge pages when `n` is large.
pub(crate) fn filled(n: usize, value: Float) -> Vec<Float> {
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
