//! One LIBSVM line, `label index:value index:value ... # comment`, shared by the in-memory reader
//! (`libsvm.rs`) and the streaming one (`stream/libsvm_rows.rs`) so both accept and reject the same
//! lines with the same messages. Indices are 1-based in the file and 0-based here; `qid:N` is
//! skipped. With feature hashing an index becomes its bucket (`FeatureHash::bucket`), and
//! `canonical` sums the values that land in one bucket.
use downhill_tensor::Float;

use super::cell::{parse_number, text};
use super::number::fast_prefix;
use crate::{DataError, FeatureHash, RowRef};

/// The target column name LIBSVM tables get.
pub(crate) const LABEL: &str = "label";

/// What a line holds once its comment is cut and it is trimmed (empty: skip it).
pub(crate) fn content(raw: &[u8]) -> &[u8] {
    raw[..memchr::memchr(b'#', raw).unwrap_or(raw.len())].trim_ascii()
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
    let start = entries.len(); // `entries` may hold earlier rows' pairs
    if let Some(label) = parse_plain(content, hash, entries) {
        return Ok(label);
    }
    entries.truncate(start);
    parse_careful(content, at, path, hash, entries)
}

/// [`parse_line`] token by token, every check in turn: the path for the lines `parse_plain` leaves.
fn parse_careful(
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

/// The common line, `label index:value ...` with positive integer indices and finite numbers, in
/// one scan of its bytes (the tokenizing and checks of [`parse_line`] cost as much again as the
/// numbers). `None` on anything else (`qid`, a sign on an index, a bad token), and `parse_line` then
/// reads the line the careful way, which accepts or names the problem; on the lines this accepts,
/// both give the same pairs.
fn parse_plain(content: &[u8], hash: Option<FeatureHash>, entries: &mut Vec<(u32, Float)>) -> Option<Float> {
    // A number must end its token: at the end of the line or at whitespace.
    let ends_token = |i: usize| content.get(i).is_none_or(u8::is_ascii_whitespace);
    let (label, mut i) = fast_prefix(content)?;
    if !ends_token(i) {
        return None;
    }
    loop {
        while content.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if i == content.len() {
            return Some(label);
        }
        let (start, mut index) = (i, 0u32);
        while let Some(d) = content.get(i).map(|b| b.wrapping_sub(b'0')).filter(|&d| d < 10) {
            index = index.checked_mul(10)?.checked_add(u32::from(d))?;
            i += 1;
        }
        if i == start || index == 0 || content.get(i) != Some(&b':') {
            return None;
        }
        let (value, length) = fast_prefix(&content[i + 1..])?;
        i += 1 + length;
        if !ends_token(i) {
            return None;
        }
        entries.push((hash.map_or(index - 1, |h| h.bucket(index)), value));
    }
}

/// Sorts the pairs of the row that starts at `start` in `entries` by index and adds the values of
/// repeated indices (hash collisions, or an index written twice), as densifying them does.
pub(crate) fn canonical(entries: &mut Vec<(u32, Float)>, start: usize) {
    let row = &mut entries[start..];
    if row.windows(2).all(|w| w[0].0 < w[1].0) {
        return;
    }
    row.sort_by_key(|&(k, _)| k);
    let mut kept = start;
    for i in start + 1..entries.len() {
        if entries[i].0 == entries[kept].0 {
            entries[kept].1 += entries[i].1;
        } else {
            kept += 1;
            entries[kept] = entries[i];
        }
    }
    entries.truncate(kept + 1);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_one_scan_path_agrees_with_the_careful_one() {
        let at = RowRef { row: 1, line: Some(1) };
        let lines: [&[u8]; 16] = [
            b"1 1:1e3 2:-.5 3:+2 4:5.",
            b"-1 007:1 8:0.0388093\t9:-1.37681",
            b"0.5 4294967295:1",
            b"1 4294967296:1",
            b"+1 1:1",
            b"1 1:2:3",
            b"1 1:",
            b"1 :1",
            b"1 1:inf",
            b"nan 1:1",
            b"1 qid:3 2:1",
            b"1 0:1",
            b"1 +1:1",
            b"1 x:1",
            b"1 1:1 2:1e40",
            b"2",
        ];
        let hash = FeatureHash::new(3).unwrap();
        let mut plain_accepted = 0;
        for line in lines {
            for hash in [None, Some(hash)] {
                let (mut plain, mut careful) = (vec![(9, 9.0)], vec![(9, 9.0)]);
                let fast = parse_plain(line, hash, &mut plain);
                let slow = parse_careful(line, at, "l.svm", hash, &mut careful);
                let shown = String::from_utf8_lossy(line);
                if let Some(label) = fast {
                    plain_accepted += 1;
                    // Exact: both parse the same literals with the same float parser.
                    assert_eq!(slow.as_ref().ok(), Some(&label), "{shown}");
                    assert_eq!(plain, careful, "{shown}");
                }
                // What the line reader gives is the careful path's answer, the earlier row kept.
                let mut through = vec![(9, 9.0)];
                let got = parse_line(line, at, "l.svm", hash, &mut through);
                assert_eq!(got.map_err(|e| e.to_string()), slow.map_err(|e| e.to_string()), "{shown}");
                assert_eq!(through[0], (9, 9.0), "{shown}");
            }
        }
        assert_eq!(plain_accepted, 2 * 5, "the plain lines: the first three, `+1 1:1` and `2`");
    }

    #[test]
    fn hashed_rows_sum_what_shares_a_bucket() {
        let hash = FeatureHash::new(1).unwrap(); // two buckets: every third index collides at least
        let mut entries = Vec::new();
        let at = RowRef { row: 1, line: Some(1) };
        let label = parse_line(b"-1 1:1 2:2 3:4 qid:7", at, "h.svm", Some(hash), &mut entries).unwrap();
        assert_eq!(label, -1.0);
        let buckets: Vec<u32> = [1, 2, 3].map(|i| hash.bucket(i)).to_vec();
        entries.insert(0, (5, 5.0)); // an earlier row's pair, which must stay as it is
        canonical(&mut entries, 1);
        assert_eq!(entries.remove(0), (5, 5.0));
        let mut expected = [0.0; 2];
        buckets.iter().zip([1.0, 2.0, 4.0]).for_each(|(&b, v)| expected[b as usize] += v);
        // Exact: small integers add exactly in f32.
        let dense: Vec<Float> =
            (0..2u32).map(|b| entries.iter().find(|e| e.0 == b).map_or(0.0, |e| e.1)).collect();
        assert_eq!(dense, expected);
        assert!(entries.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
