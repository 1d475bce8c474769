//! LIBSVM / svmlight sparse text: `label index:value index:value ... # comment`, one sample per line.
//!
//! Indices are 1-based; a column `fK` holds index `K`, absent entries are 0 (tensors are dense). The
//! width is the given feature count or else the largest index seen. `qid:N` is ignored, `#` starts a
//! comment, blank lines are skipped. The label becomes the last column, named `label`. Multi-label
//! lines (`1,3 ...`) are not supported. With `LoadOptions::feature_hash` the columns are the 2^B
//! buckets `h1..hN` instead (`feature_hash.rs`); values sharing a bucket in a row add up, as an
//! index written twice in a row does.
use downhill_tensor::Float;

use super::libsvm_line::{content, parse_line, LABEL};
use crate::{Column, DataError, FeatureHash, LoadOptions, NumericColumn, RowRef, Table};

/// Rows in sparse form while the file is scanned.
#[derive(Default)]
struct Sparse {
    labels: Vec<Float>,
    entries: Vec<(u32, Float)>, // (0-based index, value)
    row_ends: Vec<usize>,
    lines: Vec<u64>,
}

/// Reads LIBSVM `bytes` of the file `path` (named in errors).
pub(crate) fn read_libsvm(bytes: &[u8], path: &str, options: &LoadOptions) -> Result<Table, DataError> {
    if bytes.trim_ascii().is_empty() {
        return Err(DataError::EmptyFile { path: path.to_owned() });
    }
    let mut sparse = Sparse::default();
    let hash = options.feature_hash;
    for (i, raw) in bytes.split(|&b| b == b'\n').enumerate() {
        let content = content(raw);
        if !content.is_empty() {
            let at = RowRef { row: sparse.labels.len() + 1, line: Some(i as u64 + 1) };
            let label = parse_line(content, at, path, hash, &mut sparse.entries)?;
            sparse.labels.push(label);
            sparse.row_ends.push(sparse.entries.len());
            sparse.lines.push(i as u64 + 1);
        }
    }
    if sparse.labels.is_empty() {
        return Err(DataError::NoDataRows { path: path.to_owned() });
    }
    let width = match hash {
        Some(h) => h.width(),
        None => width(&sparse, path, options.n_features)?,
    };
    Ok(densify(sparse, width, hash).with_source(path.to_owned()).with_suggested_target(LABEL))
}

/// The feature count: the given one (checked against every index) or the largest index.
fn width(sparse: &Sparse, path: &str, given: Option<usize>) -> Result<usize, DataError> {
    let largest = sparse.entries.iter().map(|&(k, _)| k as usize + 1).max().unwrap_or(0);
    let Some(n_features) = given else { return Ok(largest) };
    if largest <= n_features {
        return Ok(n_features);
    }
    let (mut start, mut row) = (0, 0);
    while sparse.entries[start..sparse.row_ends[row]].iter().all(|&(k, _)| (k as usize) < n_features) {
        (start, row) = (sparse.row_ends[row], row + 1);
    }
    let line = sparse.lines[row];
    Err(DataError::FeatureIndexTooLarge { path: path.to_owned(), line, index: largest, n_features })
}

/// The dense table; repeated indices (hash collisions) add up.
fn densify(sparse: Sparse, width: usize, hash: Option<FeatureHash>) -> Table {
    let n = sparse.labels.len();
    let mut columns = vec![vec![0.0 as Float; n]; width];
    let mut start = 0;
    for (row, &end) in sparse.row_ends.iter().enumerate() {
        for &(k, v) in &sparse.entries[start..end] {
            columns[k as usize][row] += v;
        }
        start = end;
    }
    let mut names: Vec<String> = match hash {
        Some(_) => (0..width).map(FeatureHash::column).collect(),
        None => (1..=width).map(|k| format!("f{k}")).collect(),
    };
    names.push(LABEL.to_owned());
    let mut columns: Vec<Column> =
        columns.into_iter().map(|c| Column::Numeric(NumericColumn::from_raw(c))).collect();
    columns.push(Column::Numeric(NumericColumn::from_raw(sparse.labels)));
    // Names are distinct by construction (`fK` and `label`), so this cannot fail.
    let table = Table::new(names, columns).unwrap_or_else(|e| unreachable!("{e}"));
    table.with_lines(sparse.lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, n_features: Option<usize>) -> Result<Table, DataError> {
        read_libsvm(text.as_bytes(), "s.svm", &LoadOptions { n_features, ..Default::default() })
    }

    #[test]
    fn reads_sparse_rows_densely_skipping_comments_and_qid() {
        let t = read("# header\n+1 qid:2 1:0.5 3:2 # note\n\n-1 2:1\n", None).unwrap();
        assert_eq!(t.names(), &["f1", "f2", "f3", "label"]);
        assert_eq!(t.column("f3").unwrap().text(0).as_deref(), Some("2"));
        assert_eq!(t.column("f3").unwrap().text(1).as_deref(), Some("0"));
        assert_eq!(t.column("label").unwrap().text(1).as_deref(), Some("-1"));
        assert_eq!(t.row_ref(1), RowRef { row: 2, line: Some(4) });
        assert_eq!(t.suggested_target(), Some("label"));
    }

    #[test]
    fn given_width_pads_and_bounds() {
        assert_eq!(read("1 1:1\n", Some(4)).unwrap().n_cols(), 5);
        let err = read("1 1:1\n0 7:1\n", Some(4)).unwrap_err().to_string();
        assert!(err.contains("line 2: feature index 7 exceeds the given feature count 4"), "{err}");
    }

    #[test]
    fn syntax_errors_name_line_and_token() {
        let cases = [
            ("1 0:1\n", "'0:1' has index 0"),
            ("1 1:1\n1 2-1\n", "line 2: '2-1' is not an `index:value` pair"),
            ("x 1:1\n", "'x' is not a numeric label"),
            ("1 3:abc\n", "'3:abc' has a value that is not a number"),
            ("1 3:inf\n", "column 'f3': 'inf' is not a finite 32-bit number"),
        ];
        for (text, expected) in cases {
            let err = read(text, None).unwrap_err().to_string();
            assert!(err.contains(expected), "{text:?}: {err}");
        }
    }
}
