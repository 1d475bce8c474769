//! Test-only float comparison (STYLE rule 5: tolerances are explicit, never `assert_eq!` on floats).
//!
//! `assert_close` passes when |got − want| ≤ tol · max(1, |want|) for every value: relative above 1,
//! absolute below (so a computed zero can be expected too). On failure it names the value and prints
//! both slices. Exact comparisons stay `assert_eq!` (or compare `to_bits`) with a comment saying why
//! nothing can round.
use std::fmt::Debug;

/// Asserts that `got` and `want` have the same length and agree to `tol` relative to max(1, |want|).
#[track_caller]
pub(crate) fn assert_close<T: Copy + Into<f64> + Debug>(what: &str, got: &[T], want: &[T], tol: f64) {
    assert_eq!(got.len(), want.len(), "{what}: {got:?} vs {want:?}");
    for (i, (&g, &w)) in got.iter().zip(want).enumerate() {
        let (g64, w64) = (g.into(), w.into());
        let (diff, bound) = ((g64 - w64).abs(), tol * w64.abs().max(1.0));
        assert!(
            diff <= bound,
            "{what}[{i}]: got {g:?} vs want {w:?} (|diff| {diff:.2e} > {bound:.1e}); all: {got:?} vs {want:?}"
        );
    }
}
