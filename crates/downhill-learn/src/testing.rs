//! Test-only float comparison (STYLE rule 5: tolerances are explicit, never `assert_eq!` on floats).
//!
//! `assert_close` passes when |got − want| ≤ tol · max(1, |want|) for every value: relative above 1,
//! absolute below (so a computed zero can be expected too). On failure it names the value and prints
//! both slices. `assert_same_bits` is for results that must be bit-identical (same operations in the
//! same order): it compares `to_bits`, so −0 differs from +0 and NaN equals the same NaN. Other exact
//! comparisons stay `assert_eq!` with a comment saying why nothing can round.
use downhill_tensor::{Float, Tensor};
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

/// Asserts that two lists of tensors have the same shapes and values bit for bit, printing both on failure.
#[track_caller]
pub(crate) fn assert_same_bits<'a>(
    what: &str,
    got: impl IntoIterator<Item = &'a Tensor>,
    want: impl IntoIterator<Item = &'a Tensor>,
) {
    let (got, want): (Vec<&Tensor>, Vec<&Tensor>) = (got.into_iter().collect(), want.into_iter().collect());
    let dims = |v: &[&Tensor]| v.iter().map(|t| t.dims().to_vec()).collect::<Vec<_>>();
    let bits = |v: &[&Tensor]| {
        v.iter().map(|t| t.data().iter().map(|x: &Float| x.to_bits()).collect()).collect::<Vec<Vec<u32>>>()
    };
    assert_eq!(dims(&got), dims(&want), "{what}: shapes differ");
    assert!(bits(&got) == bits(&want), "{what}: not bit-identical: {got:?} vs {want:?}");
}
