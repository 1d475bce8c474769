//! Seed derivation. Every random choice of a run draws from its own generator, seeded from the
//! run's `seed`, a purpose and an index (the epoch, the batch):
//!   s = splitmix64(splitmix64(splitmix64(seed) ^ purpose) ^ index)
//! so the random state at any epoch is a pure function of (seed, epoch). A checkpoint therefore
//! saves the RNG state as the epoch counter, and a resumed run draws exactly what the uninterrupted
//! one would have drawn.
use downhill_tensor::Rng;

/// What a generator is for; distinct purposes give independent streams.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    /// Weight initialisation.
    Init = 1,
    /// The train/validation split.
    Split = 2,
    /// The order of rows in an epoch (index: epoch).
    Shuffle = 3,
    /// Dropout masks (index: global step).
    Dropout = 4,
    /// A language model's training windows (index: round of `eval_interval` steps).
    Windows = 5,
    /// A hyperparameter search's sampled configurations (index: trial).
    Search = 6,
}

/// SplitMix64's output function (Steele, Lea & Flood 2014), a bijective 64-bit mixer.
fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The seed for `stream` at `index`.
pub fn derive(seed: u64, stream: Stream, index: u64) -> u64 {
    splitmix64(splitmix64(splitmix64(seed) ^ stream as u64) ^ index)
}

/// A generator for `stream` at `index`.
pub fn rng(seed: u64, stream: Stream, index: u64) -> Rng {
    Rng::seed(derive(seed, stream, index))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_and_indices_differ_and_repeat() {
        let a = derive(7, Stream::Shuffle, 3);
        assert_eq!(a, derive(7, Stream::Shuffle, 3));
        assert_ne!(a, derive(7, Stream::Shuffle, 4));
        assert_ne!(a, derive(7, Stream::Dropout, 3));
        assert_ne!(a, derive(8, Stream::Shuffle, 3));
        // splitmix64(0) is the first output of SplitMix64 seeded with 0 (a published test value).
        assert_eq!(splitmix64(0), 0xE220_A839_7B1D_CDAF);
    }
}
