//! One LIBSVM line, `label index:value index:value ... # comment`, shared by the in-memory reader
//! (`libsvm.rs`) and the streaming one (`stream/libsvm_rows.rs`) so both accept and reject the same
//! lines with the same messages. Indices are 1-based in the file and 0-based here; `qid:N` is
//! skipped. With feature hashing an index becomes its bucket (`FeatureHash::bucket`), and
//! `canonical` sums the values that land in one bucket.
use downhill_tensor::Float;

use super::cell::{parse_number, text};
use crate::{DataError, FeatureHash, RowRef};

/// The target column name LIBSVM tables get.
pub(crate) const LABEL: &str = "label";

/// What a line holds once its comment is cut and it is trimmed (empty: skip it).
pub(crate) fn content(raw: &[u8]) -> &[u8] {
    raw.split(|&b| b == b'#').next().unwrap_or_default().trim_ascii()
}

/// Parses the non-empty `content` of data row `at` in the file `path`: pushes its (0-based index or
/// bucket, value) pairs to `entries` and returns its label.
pub(crate) fn parse_line(
    content: &[u8],
    at: RowRef,
    path: &str,
    hash: Option<FeatureHash>,
    entries: &mut Vec<(u32, Float)>,
) -> Result<Float, DataError> {
    let line = at.line.unwrap_or_default();
    let syntax = |token: &[u8], problem| DataError::LibsvmSyntax {
        path: path.into(),
        line,
        token: text(token),
        problem,
    };
    let non_finite = |column: String, token: &[u8]| DataError::NonFinite {
        path: path.into(),
        at,
        column,
        value: text(token),
    };
    let mut tokens = content.split(|b| b.is_ascii_whitespace()).filter(|t| !t.is_empty());
    let label_token = tokens.next().unwrap_or_default();
    let label = match parse_number(label_token) {
        Some(v) if v.is_finite() => v,
        Some(_) => return Err(non_finite(LABEL.into(), label_token)),
        None if label_token.contains(&b',') => {
            return Err(syntax(label_token, "is a multi-label target, which is not supported"))
        }
        None => return Err(syntax(label_token, "is not a numeric label; a line is `label index:value ...`")),
    };
    for token in tokens {
        let Some(colon) = token.iter().position(|&b| b == b':') else {
            return Err(syntax(token, "is not an `index:value` pair"));
        };
        let (index, value) = (&token[..colon], &token[colon + 1..]);
        if index == b"qid" {
            continue;
        }
        let index = match std::str::from_utf8(index).ok().and_then(|s| s.parse::<u32>().ok()) {
            Some(0) => return Err(syntax(token, "has index 0, but LIBSVM indices start at 1")),
            Some(k) => k,
            None => return Err(syntax(token, "has an index that is not a positive integer")),
        };
        let slot = hash.map_or(index - 1, |h| h.bucket(index));
        match parse_number(value) {
            Some(v) if v.is_finite() => entries.push((slot, v)),
            Some(_) => return Err(non_finite(format!("f{index}"), value)),
            None => return Err(syntax(token, "has a value that is not a number")),
        }
    }
    Ok(label)
}

/// Sorts a row's pairs by index and adds the values of repeated indices (hash collisions, or an
/// index written twice), as densifying them does.
pub(crate) fn canonical(entries: &mut Vec<(u32, Float)>) {
    if entries.windows(2).all(|w| w[0].0 < w[1].0) {
        return;
    }
    entries.sort_by_key(|&(k, _)| k);
    entries.dedup_by(|later, kept| {
        let same = later.0 == kept.0;
        if same {
            kept.1 += later.1;
        }
        same
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_rows_sum_what_shares_a_bucket() {
        let hash = FeatureHash::new(1).unwrap(); // two buckets: every third index collides at least
        let mut entries = Vec::new();
        let at = RowRef { row: 1, line: Some(1) };
        let label = parse_line(b"-1 1:1 2:2 3:4 qid:7", at, "h.svm", Some(hash), &mut entries).unwrap();
        assert_eq!(label, -1.0);
        let buckets: Vec<u32> = [1, 2, 3].map(|i| hash.bucket(i)).to_vec();
        canonical(&mut entries);
        let mut expected = [0.0; 2];
        buckets.iter().zip([1.0, 2.0, 4.0]).for_each(|(&b, v)| expected[b as usize] += v);
        // Exact: small integers add exactly in f32.
        let dense: Vec<Float> =
            (0..2u32).map(|b| entries.iter().find(|e| e.0 == b).map_or(0.0, |e| e.1)).collect();
        assert_eq!(dense, expected);
        assert!(entries.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
