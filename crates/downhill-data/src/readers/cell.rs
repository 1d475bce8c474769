//! One text field: missing, a number, a non-finite number, or text. Shared by the CSV and LIBSVM readers.
//!
//! Fields are trimmed of ASCII whitespace. `NA`, `?` and the empty field are missing. Numbers use Rust's
//! `f32` grammar (`3`, `-1.5e3`, `+.5`), parsed straight from the bytes ([`parse_float`]); `inf` and
//! `NaN` (any case) parse but are reported as non-finite, as are values beyond the `f32` range.
use downhill_tensor::Float;

use super::number::parse_float;

/// What a field holds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Cell<'a> {
    Missing,
    Number(Float),
    NonFinite,
    Text(&'a [u8]),
}

/// Tokens read as a missing value.
pub(crate) const MISSING_TOKENS: [&[u8]; 3] = [b"", b"NA", b"?"];

/// Classifies one raw field.
pub(crate) fn classify(field: &[u8]) -> Cell<'_> {
    let field = field.trim_ascii();
    if MISSING_TOKENS.contains(&field) {
        return Cell::Missing;
    }
    match parse_number(field) {
        Some(v) if v.is_finite() => Cell::Number(v),
        Some(_) => Cell::NonFinite,
        None => Cell::Text(field),
    }
}

/// Parses trimmed bytes as a number (`None` when they are not one).
pub(crate) fn parse_number(field: &[u8]) -> Option<Float> {
    // Cheap rejection of obvious text before UTF-8 validation and the float parser.
    let first = *field.first()?;
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.' | b'i' | b'I' | b'n' | b'N')) {
        return None;
    }
    parse_float(field)
}

/// Bytes as text for categories and messages (invalid UTF-8 is replaced, never an error).
pub(crate) fn text(field: &[u8]) -> String {
    String::from_utf8_lossy(field).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_tokens_after_trimming() {
        for f in [&b""[..], b"  ", b"NA", b" ? "] {
            assert_eq!(classify(f), Cell::Missing, "{f:?}");
        }
        assert_eq!(classify(b"na"), Cell::Text(b"na")); // only upper-case NA
    }

    #[test]
    fn numbers_and_non_finite() {
        // Exact: the parser rounds correctly (bit-identical to std, see number.rs) and −15, 0.5 are f32s.
        assert_eq!(classify(b" -1.5e1 "), Cell::Number(-15.0));
        assert_eq!(classify(b"+.5"), Cell::Number(0.5));
        for f in [&b"inf"[..], b"-Infinity", b"NaN", b"1e39"] {
            assert_eq!(classify(f), Cell::NonFinite, "{f:?}");
        }
    }

    #[test]
    fn text_stays_text() {
        assert_eq!(classify(b"red"), Cell::Text(b"red"));
        assert_eq!(classify(b"1.2.3"), Cell::Text(b"1.2.3"));
        assert_eq!(classify(b"nano"), Cell::Text(b"nano"));
    }
}
