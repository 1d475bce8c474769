//! Feature hashing (the hashing trick of Vowpal Wabbit's `-b B`, Weinberger et al. 2009): a LIBSVM
//! feature index `i` (1-based, as written in the file) goes to bucket
//!   h(i) = murmur3_x86_32(i as 4 little-endian bytes, seed 0) mod 2^B
//! and the values of indices that share a bucket in one row are added. The width is then 2^B
//! whatever the indices, so a file with indices in the billions trains a model of 2^B inputs.
//! VW hashes feature *names*; LIBSVM names are integers, so we hash the integer's bytes (a fixed,
//! documented integer hash rather than VW's string hash of the decimal text).
//!
//! MurmurHash3_x86_32 (Austin Appleby, SMHasher, public domain), per 4-byte block k:
//!   k *= c1; k = rotl(k, 15); k *= c2;  h ^= k; h = rotl(h, 13); h = h * 5 + 0xe6546b64
//! then the tail (not reached for 4-byte keys), h ^= len, and the finaliser fmix32.
use std::ops::RangeInclusive;

use serde::{Deserialize, Serialize};

use crate::DataError;

/// The accepted `B` of `--hash-bits B`: the model and its preprocessing are dense, one weight and
/// one scaling per bucket, so 2^20 buckets (4 MB of weights per output) is the ceiling.
pub const HASH_BITS: RangeInclusive<u32> = 1..=20;

/// The hash function a model was trained with (stored in the model file, checked on load).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum HashFunction {
    /// MurmurHash3_x86_32 of the 1-based index as a little-endian `u32`, seed 0.
    #[serde(rename = "murmur3_x86_32(index as u32 le, seed 0)")]
    Murmur3IndexLe,
}

/// Feature indices hashed into 2^`bits` buckets, named `h1` to `h{2^bits}`.
///
/// ```
/// use downhill_data::FeatureHash;
/// let hash = FeatureHash::new(4).unwrap();
/// assert_eq!(hash.width(), 16);
/// assert!(hash.bucket(123_456_789) < 16);
/// assert!(FeatureHash::new(0).is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeatureHash {
    bits: u32,
    hash: HashFunction,
}

impl FeatureHash {
    /// Hashing into 2^`bits` buckets; `bits` outside [`HASH_BITS`] is an error naming the range.
    pub fn new(bits: u32) -> Result<FeatureHash, DataError> {
        match HASH_BITS.contains(&bits) {
            true => Ok(FeatureHash { bits, hash: HashFunction::Murmur3IndexLe }),
            false => Err(DataError::HashBits { bits }),
        }
    }

    /// `B`.
    pub fn bits(&self) -> u32 {
        self.bits
    }

    /// The number of buckets, 2^B: the feature count.
    pub fn width(&self) -> usize {
        1 << self.bits
    }

    /// The 0-based bucket of the 1-based feature index `index`.
    pub fn bucket(&self, index: u32) -> u32 {
        match self.hash {
            HashFunction::Murmur3IndexLe => murmur3_x86_32(&index.to_le_bytes(), 0) & ((1 << self.bits) - 1),
        }
    }

    /// The name of bucket `k` (0-based) as a column: `h{k + 1}`.
    pub fn column(k: usize) -> String {
        format!("h{}", k + 1)
    }
}

/// MurmurHash3_x86_32 of `key` with `seed` (see the module header).
pub(crate) fn murmur3_x86_32(key: &[u8], seed: u32) -> u32 {
    const C1: u32 = 0xcc9e_2d51;
    const C2: u32 = 0x1b87_3593;
    let mix = |k: u32| k.wrapping_mul(C1).rotate_left(15).wrapping_mul(C2);
    let mut h = seed;
    let blocks = key.chunks_exact(4);
    let tail = blocks.remainder();
    for block in blocks {
        h ^= mix(u32::from_le_bytes([block[0], block[1], block[2], block[3]]));
        h = h.rotate_left(13).wrapping_mul(5).wrapping_add(0xe654_6b64);
    }
    if !tail.is_empty() {
        let k = tail.iter().rev().fold(0u32, |k, &b| (k << 8) | u32::from(b));
        h ^= mix(k);
    }
    h ^= key.len() as u32;
    h ^= h >> 16;
    h = h.wrapping_mul(0x85eb_ca6b);
    h ^= h >> 13;
    h = h.wrapping_mul(0xc2b2_ae35);
    h ^ (h >> 16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn murmur3_matches_the_published_test_vectors() {
        // SMHasher's verification values as tabulated on Wikipedia's MurmurHash page and checked
        // against Python's `mmh3.hash(key, seed, signed=False)`.
        let cases: [(&[u8], u32, u32); 7] = [
            (b"", 0, 0),
            (b"", 1, 0x514e_28b7),
            (b"", 0xffff_ffff, 0x81f1_6f39),
            (&[0, 0, 0, 0], 0, 0x2362_f9de),
            (b"aaaa", 0x9747_b28c, 0x5a97_808a),
            (b"Hello, world!", 1234, 0xfaf6_cdb3),
            (b"The quick brown fox jumps over the lazy dog", 0x9747_b28c, 0x2fa8_26cd),
        ];
        for (key, seed, expected) in cases {
            assert_eq!(murmur3_x86_32(key, seed), expected, "{key:?} seed {seed:#x}");
        }
    }

    #[test]
    fn buckets_are_stable_masked_and_spread() {
        let hash = FeatureHash::new(3).unwrap();
        // 1u32 as LE bytes [1, 0, 0, 0]: mmh3.hash(b"\x01\0\0\0", 0, signed=False) & 7.
        assert_eq!(hash.bucket(1), murmur3_x86_32(&[1, 0, 0, 0], 0) & 7);
        let mut counts = [0usize; 8];
        (1..=8000).for_each(|i| counts[hash.bucket(i) as usize] += 1);
        // 1000 expected per bucket; a binomial's sd is about 30, so 850..1150 is 5 sd.
        assert!(counts.iter().all(|&c| (850..1150).contains(&c)), "{counts:?}");
        let err = FeatureHash::new(21).unwrap_err().to_string();
        assert!(err.starts_with("--hash-bits 21: give an integer from 1 to 20"), "{err}");
    }

    #[test]
    fn the_model_file_names_the_hash() {
        let json = serde_json::to_string(&FeatureHash::new(18).unwrap()).unwrap();
        assert_eq!(json, r#"{"bits":18,"hash":"murmur3_x86_32(index as u32 le, seed 0)"}"#);
    }
}
