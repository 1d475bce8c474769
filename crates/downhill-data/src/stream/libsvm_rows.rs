//! LIBSVM rows read one line at a time from a stream (gzipped or not), each parsed by the same
//! `parse_line` as the in-memory reader, so a bad line is the same error with the same file, line
//! and token, met when the pass reaches it. Blank and comment-only lines are skipped but counted, so
//! line numbers are the file's. Rows are sparse: memory is the reader's buffer and one line.
use std::io::BufRead;
use std::path::{Path, PathBuf};

use downhill_tensor::Float;

use super::open::{is_gzip, open, read_error};
use crate::error::show;
use crate::readers::libsvm_line::{canonical, content, parse_line};
use crate::{DataError, FeatureHash, RowRef};

/// A LIBSVM file being read front to back.
pub(crate) struct LibsvmRows {
    input: Box<dyn BufRead + Send>,
    path: PathBuf,
    shown: String,
    hash: Option<FeatureHash>,
    raw: Vec<u8>,
    /// Lines read so far.
    line: u64,
    /// Data rows read so far.
    rows: usize,
    entries: Vec<(u32, Float)>,
}

/// One data row: its label and its (0-based index or bucket, value) pairs, sorted, no index twice.
pub(crate) struct SparseRow<'a> {
    /// 0-based data row.
    pub index: usize,
    /// 1-based file line.
    pub line: u64,
    pub label: Float,
    pub entries: &'a [(u32, Float)],
}

impl SparseRow<'_> {
    /// The row as messages name it (1-based data row and file line).
    pub fn at(&self) -> RowRef {
        RowRef { row: self.index + 1, line: Some(self.line) }
    }
}

impl LibsvmRows {
    /// Opens `path` (gzipped or not); indices are hashed when `hash` is given.
    pub fn open(path: &Path, hash: Option<FeatureHash>) -> Result<LibsvmRows, DataError> {
        Ok(LibsvmRows {
            input: open(path)?,
            path: path.to_owned(),
            shown: show(path),
            hash,
            raw: Vec::with_capacity(4096),
            line: 0,
            rows: 0,
            entries: Vec::new(),
        })
    }

    /// The next data row, `None` at the end of the file; a malformed line is an error naming it.
    pub fn next_row(&mut self) -> Result<Option<SparseRow<'_>>, DataError> {
        loop {
            self.raw.clear();
            let n = self.input.read_until(b'\n', &mut self.raw);
            if n.map_err(|e| read_error(&self.path, is_gzip(&self.path), e))? == 0 {
                return Ok(None);
            }
            self.line += 1;
            let content = content(&self.raw);
            if content.is_empty() {
                continue;
            }
            self.entries.clear();
            let at = RowRef { row: self.rows + 1, line: Some(self.line) };
            let label = parse_line(content, at, &self.shown, self.hash, &mut self.entries)?;
            canonical(&mut self.entries);
            self.rows += 1;
            let (index, line, entries) = (self.rows - 1, self.line, &self.entries[..]);
            return Ok(Some(SparseRow { index, line, label, entries }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{load, LoadOptions};

    #[test]
    fn rows_and_lines_match_the_in_memory_reader() {
        let dir = std::env::temp_dir().join(format!("downhill-libsvm-rows-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("r.svm");
        std::fs::write(&path, "# head\n1 3:2 1:0.5\n\n-1 2:1 # note\r\n0 qid:3\n").unwrap();
        let table = load(&path, &LoadOptions::default()).unwrap();
        let mut rows = LibsvmRows::open(&path, None).unwrap();
        let mut seen = Vec::new();
        while let Some(row) = rows.next_row().unwrap() {
            seen.push((row.at(), row.label, row.entries.to_vec()));
        }
        let refs: Vec<RowRef> = (0..table.n_rows()).map(|i| table.row_ref(i)).collect();
        assert_eq!(seen.iter().map(|s| s.0).collect::<Vec<_>>(), refs);
        // Exact: copies of the file's literals, sorted by index.
        assert_eq!(seen[0].2, [(0, 0.5), (2, 2.0)]);
        assert_eq!((seen[1].1, seen[2].2.len()), (-1.0, 0));
        std::fs::write(&path, "1 1:1\n1 2:x\n").unwrap();
        let mut rows = LibsvmRows::open(&path, None).unwrap();
        assert!(rows.next_row().unwrap().is_some());
        let err = rows.next_row().err().unwrap().to_string();
        assert!(err.contains("r.svm, line 2: '2:x' has a value that is not a number"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
