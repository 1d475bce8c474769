//! Test-only float comparison shared by every downhill crate (STYLE rule 5: tolerances are explicit,
//! never `assert_eq!` on floats). A dev-dependency only; nothing here ships.
//!
//! - `assert_close` passes when |got − want| ≤ tol · max(1, |want|) for every value: relative above
//!   1, absolute below (so a computed zero can be expected too). On failure it names the value and
//!   prints both slices.
//! - `assert_same_bits` and `assert_same_tensor_bits` are for results that must be bit-identical
//!   (same operations in the same order): they compare `to_bits`, so −0 differs from +0 and a NaN
//!   equals the same NaN.
//!
//! Other exact comparisons stay `assert_eq!` with a comment saying why nothing can round.
//! (downhill-tensor uses this crate for its own tests too: a dev-dependency cycle, which cargo
//! allows; its tests use only the slice assertions, so the two builds of `Tensor` never meet.)
use downhill_tensor::Tensor;
use std::fmt::Debug;

/// Asserts that `got` and `want` have the same length and agree to `tol` relative to max(1, |want|).
#[track_caller]
pub fn assert_close<T: Copy + Into<f64> + Debug>(what: &str, got: &[T], want: &[T], tol: f64) {
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

/// A float whose bit pattern can be compared (`f32`, `f64`).
pub trait Bits: Copy + Debug {
    fn bits(self) -> u64;
}

impl Bits for f32 {
    fn bits(self) -> u64 {
        u64::from(self.to_bits())
    }
}

impl Bits for f64 {
    fn bits(self) -> u64 {
        self.to_bits()
    }
}

/// Asserts that `got` and `want` hold the same values bit for bit, printing both on failure.
#[track_caller]
pub fn assert_same_bits<T: Bits>(what: &str, got: &[T], want: &[T]) {
    let bits = |v: &[T]| v.iter().map(|x| x.bits()).collect::<Vec<_>>();
    assert!(bits(got) == bits(want), "{what}: not bit-identical: {got:?} vs {want:?}");
}

/// Asserts that two lists of tensors have the same shapes and values bit for bit, printing both on
/// failure.
#[track_caller]
pub fn assert_same_tensor_bits<'a>(
    what: &str,
    got: impl IntoIterator<Item = &'a Tensor>,
    want: impl IntoIterator<Item = &'a Tensor>,
) {
    let (got, want): (Vec<&Tensor>, Vec<&Tensor>) = (got.into_iter().collect(), want.into_iter().collect());
    let dims = |v: &[&Tensor]| v.iter().map(|t| t.dims().to_vec()).collect::<Vec<_>>();
    let bits = |v: &[&Tensor]| {
        v.iter().map(|t| t.data().iter().map(|x| x.bits()).collect()).collect::<Vec<Vec<u64>>>()
    };
    assert_eq!(dims(&got), dims(&want), "{what}: shapes differ");
    assert!(bits(&got) == bits(&want), "{what}: not bit-identical: {got:?} vs {want:?}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[should_panic(expected = "x[1]: got 2.1")]
    fn a_value_outside_the_tolerance_fails_naming_it() {
        assert_close("x", &[1.0f32, 2.1], &[1.0, 2.0], 1e-3);
    }

    #[test]
    fn values_inside_the_tolerance_pass() {
        assert_close("x", &[1.0f64 + 1e-13, 1e6 * (1.0 + 1e-13)], &[1.0, 1e6], 1e-12);
    }

    #[test]
    #[should_panic(expected = "not bit-identical")]
    fn minus_zero_is_not_plus_zero() {
        assert_same_bits("z", &[-0.0f64], &[0.0]);
    }
}
