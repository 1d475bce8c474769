//! The record framing of an event file (TFRecord), as TensorFlow's
//! `tensorflow/core/lib/io/record_writer.cc` writes it and TensorBoard's
//! `tensorboard/compat/tensorflow_stub/pywrap_tensorflow.py` (`PyRecordReader_New`) reads it:
//!   length: u64 little-endian | masked_crc(length's 8 bytes): u32 LE | data | masked_crc(data): u32 LE
//!   masked_crc(b) = rotate_right(crc32c(b), 15) + 0xa282ead8   (wrapping u32 arithmetic)
//! CRC-32C is the Castagnoli polynomial (the `crc32c` crate; SSE 4.2 or ARM CRC where present).
//! The mask keeps a CRC of data that itself holds CRCs from looking like one.
use std::fmt;

/// Added after the rotation (TensorFlow's `kMaskDelta`).
const MASK_DELTA: u32 = 0xa282_ead8;

/// The masked CRC-32C of `bytes`.
pub fn masked_crc(bytes: &[u8]) -> u32 {
    crc32c::crc32c(bytes).rotate_right(15).wrapping_add(MASK_DELTA)
}

/// One record holding `data`, framed and checksummed.
pub fn frame(data: &[u8]) -> Vec<u8> {
    let length = (data.len() as u64).to_le_bytes();
    let mut out = Vec::with_capacity(data.len() + 16);
    out.extend_from_slice(&length);
    out.extend_from_slice(&masked_crc(&length).to_le_bytes());
    out.extend_from_slice(data);
    out.extend_from_slice(&masked_crc(data).to_le_bytes());
    out
}

/// Why a byte string is not a sequence of whole, intact records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordError {
    /// The bytes end inside the record that starts at `offset`.
    Truncated {
        /// Where the record starts, in bytes from the start.
        offset: usize,
    },
    /// A stored checksum differs from the one computed (`of` is "length" or "data").
    BadCrc {
        /// Where the record starts, in bytes from the start.
        offset: usize,
        /// "length" or "data".
        of: &'static str,
        /// The masked CRC-32C in the file.
        stored: u32,
        /// The masked CRC-32C of the bytes read.
        computed: u32,
    },
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecordError::Truncated { offset } => write!(f, "the record at byte {offset} is cut short"),
            RecordError::BadCrc { offset, of, stored, computed } => write!(
                f,
                "the record at byte {offset}: its {of} CRC is {stored:#010x}, the bytes give {computed:#010x}"
            ),
        }
    }
}

impl std::error::Error for RecordError {}

/// The data of every record in `bytes`, each record's two checksums verified.
pub fn read_records(bytes: &[u8]) -> Result<Vec<&[u8]>, RecordError> {
    let (mut out, mut at) = (Vec::new(), 0);
    while at < bytes.len() {
        let offset = at;
        let take = |from: usize, n: usize| bytes.get(from..from + n).ok_or(RecordError::Truncated { offset });
        let length = take(at, 8)?;
        check(offset, "length", length, take(at + 8, 4)?)?;
        let n = u64::from_le_bytes(length.try_into().unwrap_or_default());
        let n = usize::try_from(n).map_err(|_| RecordError::Truncated { offset })?;
        let data = take(at + 12, n)?;
        check(offset, "data", data, take(at + 12 + n, 4)?)?;
        out.push(data);
        at += 16 + n;
    }
    Ok(out)
}

fn check(offset: usize, of: &'static str, bytes: &[u8], stored: &[u8]) -> Result<(), RecordError> {
    let stored = u32::from_le_bytes(stored.try_into().unwrap_or_default());
    let computed = masked_crc(bytes);
    match stored == computed {
        true => Ok(()),
        false => Err(RecordError::BadCrc { offset, of, stored, computed }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32c_and_its_mask_match_the_published_values() {
        // CRC-32C check value (RFC 3720, appendix B.4): crc32c("123456789") = 0xe3069283.
        assert_eq!(crc32c::crc32c(b"123456789"), 0xe306_9283);
        // Masked by hand: rotr(0xe3069283, 15) = 0x2507c60d; + 0xa282ead8 = 0xc78ab0e5.
        assert_eq!(masked_crc(b"123456789"), 0xc78a_b0e5);
    }

    #[test]
    fn framed_records_read_back_and_a_flipped_byte_is_caught() {
        let mut bytes = frame(b"first");
        bytes.extend(frame(b""));
        bytes.extend(frame(&[7u8; 300]));
        let records = read_records(&bytes).unwrap();
        assert_eq!(records, vec![&b"first"[..], &b""[..], &[7u8; 300][..]]);
        assert_eq!(bytes.len(), 3 * 16 + 5 + 300, "16 bytes of framing per record");
        let mut bad = bytes.clone();
        bad[12] ^= 1; // the first byte of "first"
        assert!(matches!(read_records(&bad), Err(RecordError::BadCrc { offset: 0, of: "data", .. })));
        bad = bytes.clone();
        bad[21 + 2] ^= 1; // the second record's length
        assert!(matches!(read_records(&bad), Err(RecordError::BadCrc { offset: 21, of: "length", .. })));
        assert_eq!(read_records(&bytes[..bytes.len() - 1]), Err(RecordError::Truncated { offset: 37 }));
    }
}
