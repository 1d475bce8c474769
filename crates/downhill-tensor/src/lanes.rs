//! `Lanes`: sixteen f32 values handled as one vector (one AVX-512 register), for kernels that apply
//! the same small formula to sixteen independent items (the Winograd tile transforms, `winograd.rs`),
//! and `first_lanes`, the mask of a vector's first n lanes for the masked loads and stores of the
//! AVX-512 kernels.
//! Plain arrays with element-wise operators that inline; the compiler turns each into one instruction.
//! Written as loops, not `array::from_fn`/`map`, which were left as calls compiled without AVX.
use crate::Float;
use std::ops::{Add, Mul, Sub};

/// Values per vector.
pub(crate) const LANES: usize = 16;

/// The mask of the first `n` of a vector's 16 lanes (all of them from n = 16 on).
pub(crate) fn first_lanes(n: usize) -> u16 {
    if n >= LANES {
        u16::MAX
    } else {
        (1u16 << n) - 1
    }
}

/// The mask of an AVX2 vector's first `n` of 8 lanes (all of them from n = 8 on), for
/// `_mm256_maskload_ps` and `_mm256_maskstore_ps`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
pub(crate) fn first_lanes_avx2(n: usize) -> std::arch::x86_64::__m256i {
    use std::arch::x86_64::{_mm256_cmpgt_epi32, _mm256_set1_epi32, _mm256_setr_epi32};
    _mm256_cmpgt_epi32(_mm256_set1_epi32(n.min(8) as i32), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7))
}

/// Eight values operated on together.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Lanes(pub [Float; LANES]);

impl Lanes {
    /// The eight values at `s[at..]`.
    #[inline(always)]
    pub fn load(s: &[Float], at: usize) -> Lanes {
        let src: &[Float; LANES] = s[at..at + LANES].try_into().expect("a vector of values");
        Lanes(*src)
    }
    /// Writes the eight values to `s[at..]`.
    #[inline(always)]
    pub fn store(self, s: &mut [Float], at: usize) {
        let dst: &mut [Float; LANES] = (&mut s[at..at + LANES]).try_into().expect("a vector of values");
        *dst = self.0;
    }
    /// Adds the eight values to `s[at..]`.
    #[inline(always)]
    pub fn add_to(self, s: &mut [Float], at: usize) {
        let d: &mut [Float; LANES] = (&mut s[at..at + LANES]).try_into().expect("a vector of values");
        for (a, b) in d.iter_mut().zip(self.0) {
            *a += b;
        }
    }
}

impl Add for Lanes {
    type Output = Lanes;
    #[inline(always)]
    fn add(self, r: Lanes) -> Lanes {
        let mut a = self.0;
        for (x, y) in a.iter_mut().zip(r.0) {
            *x += y;
        }
        Lanes(a)
    }
}

impl Sub for Lanes {
    type Output = Lanes;
    #[inline(always)]
    fn sub(self, r: Lanes) -> Lanes {
        let mut a = self.0;
        for (x, y) in a.iter_mut().zip(r.0) {
            *x -= y;
        }
        Lanes(a)
    }
}

impl Mul<Lanes> for Float {
    type Output = Lanes;
    #[inline(always)]
    fn mul(self, r: Lanes) -> Lanes {
        let mut a = r.0;
        for x in a.iter_mut() {
            *x *= self;
        }
        Lanes(a)
    }
}
