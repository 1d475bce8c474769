//! CSV rows read one at a time from a stream, with the 1-based file line each starts on.
//!
//! `csv_core` does the tokenising (RFC 4180 quoting, as `csv` does for whole files); driving it
//! here, rather than through `csv::Reader`, lets us see every byte it consumes, so line numbers are
//! exact even after blank lines, CRLF endings and quoted newlines: the bytes before a record that
//! are only line breaks are the blank lines it skipped. Messages match the in-memory reader's
//! (`readers/csv.rs`): ragged rows name the line, cells the data row, line and column.
use std::io::BufRead;
use std::path::{Path, PathBuf};

use super::open::{is_gzip, open, read_error};
use crate::error::show;
use crate::readers::header_names;
use crate::{DataError, Delimiter, RowRef};

/// A CSV file being read front to back.
pub(crate) struct CsvRows {
    input: Box<dyn BufRead + Send>,
    core: csv_core::Reader,
    delimiter: u8,
    path: PathBuf,
    names: Vec<String>,
    /// The current record's field bytes and field end offsets (csv_core's output buffers).
    fields: Vec<u8>,
    ends: Vec<usize>,
    n_fields: usize,
    /// 1-based line of the next byte to be read.
    line: u64,
    /// Data rows read so far.
    rows: usize,
    record_line: u64,
}

/// One data row: its fields and where it came from.
pub(crate) struct Row<'a> {
    /// 0-based data row (header excluded).
    pub index: usize,
    pub line: u64,
    fields: &'a [u8],
    ends: &'a [usize],
    /// Where field 0 starts in `fields` (rows gathered into one buffer follow each other).
    first: usize,
}

impl<'a> Row<'a> {
    /// A row gathered into shared buffers (`record_stream.rs`).
    pub(crate) fn within(index: usize, line: u64, fields: &'a [u8], ends: &'a [usize], first: usize) -> Self {
        Row { index, line, fields, ends, first }
    }
    /// Its fields' bytes back to back, their end offsets, and the offset the bytes start at.
    pub(crate) fn parts(&self) -> (&'a [u8], &'a [usize], usize) {
        (&self.fields[self.first..self.ends.last().copied().unwrap_or(self.first)], self.ends, self.first)
    }
    /// The raw bytes of field `k`.
    pub fn field(&self, k: usize) -> &[u8] {
        let start = if k == 0 { self.first } else { self.ends[k - 1] };
        &self.fields[start..self.ends[k]]
    }
    /// The row as messages name it (1-based data row and file line).
    pub fn at(&self) -> RowRef {
        RowRef { row: self.index + 1, line: Some(self.line) }
    }
}

impl CsvRows {
    /// Opens `path` (gzipped or not) and reads its header; the delimiter is detected from the first
    /// buffer of the file when not given.
    pub fn open(path: &Path, delimiter: Delimiter) -> Result<CsvRows, DataError> {
        let mut input = open(path)?;
        let head = input.fill_buf().map_err(|e| read_error(path, is_gzip(path), e))?;
        let bom = usize::from(head.starts_with(b"\xEF\xBB\xBF")) * 3;
        let delimiter = delimiter.resolve(&head[bom..]);
        input.consume(bom);
        let core = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
        let mut rows = CsvRows {
            input,
            core,
            delimiter,
            path: path.to_owned(),
            names: Vec::new(),
            fields: vec![0; 1024],
            ends: vec![0; 64],
            n_fields: 0,
            line: 1,
            rows: 0,
            record_line: 1,
        };
        if !rows.read_record()? {
            return Err(DataError::EmptyFile { path: show(path) });
        }
        let header =
            Row { index: 0, line: 1, fields: &rows.fields, ends: &rows.ends[..rows.n_fields], first: 0 };
        let fields = (0..rows.n_fields).map(|k| header.field(k));
        let names = header_names(fields, &show(path))?;
        rows.names = names;
        Ok(rows)
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The next data row, `None` at the end of the file. A row with another number of fields
    /// than the header is an error naming its line.
    pub fn next_row(&mut self) -> Result<Option<Row<'_>>, DataError> {
        if !self.read_record()? {
            return Ok(None);
        }
        if self.n_fields != self.names.len() {
            let (expected, found) = (self.names.len(), self.n_fields);
            return Err(DataError::RaggedRow {
                path: show(&self.path),
                line: self.record_line,
                expected,
                found,
            });
        }
        self.rows += 1;
        let (fields, ends) = (&self.fields[..], &self.ends[..self.n_fields]);
        Ok(Some(Row { index: self.rows - 1, line: self.record_line, fields, ends, first: 0 }))
    }

    /// Reads one record into `fields`/`ends`; false at the end of the input.
    fn read_record(&mut self) -> Result<bool, DataError> {
        if self.plain_record()? {
            return Ok(true);
        }
        use csv_core::ReadRecordResult as R;
        let (mut out, mut n_ends, mut leading, mut start) = (0, 0, true, self.line);
        loop {
            let input = self.input.fill_buf().map_err(|e| read_error(&self.path, is_gzip(&self.path), e))?;
            let (result, n_in, n_out, n_end) =
                self.core.read_record(input, &mut self.fields[out..], &mut self.ends[n_ends..]);
            let consumed = &input[..n_in];
            if leading {
                let skipped = consumed.iter().take_while(|&&b| b == b'\n' || b == b'\r').count();
                start += newlines(&consumed[..skipped]);
                leading = skipped == n_in;
            }
            self.line += newlines(consumed);
            self.input.consume(n_in);
            (out, n_ends) = (out + n_out, n_ends + n_end);
            match result {
                R::InputEmpty => {}
                R::OutputFull => self.fields.resize(self.fields.len() * 2, 0),
                R::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                R::Record => {
                    (self.n_fields, self.record_line) = (n_ends, start);
                    return Ok(true);
                }
                R::End => return Ok(false),
            }
        }
    }
}

impl CsvRows {
    /// The common record, read without `csv_core` (which goes byte by byte, a third of a pass): a
    /// whole line in the buffer with no quote and no carriage return is its fields split at the
    /// delimiter, exactly as `csv_core` splits it. Blank lines before it are skipped as `csv_core`
    /// skips them. False when the next record is not such a line (then `csv_core` reads it).
    fn plain_record(&mut self) -> Result<bool, DataError> {
        loop {
            let input = self.input.fill_buf().map_err(|e| read_error(&self.path, is_gzip(&self.path), e))?;
            let Some(end) = memchr::memchr(b'\n', input) else { return Ok(false) };
            let line = &input[..end];
            if line.is_empty() {
                self.input.consume(1);
                self.line += 1;
                continue;
            }
            if memchr::memchr2(b'"', b'\r', line).is_some() {
                return Ok(false);
            }
            if self.fields.len() < line.len() {
                self.fields.resize(line.len().next_power_of_two(), 0);
            }
            let (mut out, mut start, mut k) = (0, 0, 0);
            for stop in memchr::memchr_iter(self.delimiter, line).chain(std::iter::once(line.len())) {
                let field = &line[start..stop];
                self.fields[out..out + field.len()].copy_from_slice(field);
                out += field.len();
                if k == self.ends.len() {
                    self.ends.resize(k * 2, 0);
                }
                (self.ends[k], k, start) = (out, k + 1, stop + 1);
            }
            (self.n_fields, self.record_line) = (k, self.line);
            self.line += 1;
            self.input.consume(end + 1);
            return Ok(true);
        }
    }
}

/// Line breaks in `bytes` (`memchr`'s vectorised search: this runs over every byte of the file).
fn newlines(bytes: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', bytes).count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{load, LoadOptions};

    fn lines_of(text: &str) -> (Vec<u64>, Vec<u64>) {
        let dir = std::env::temp_dir().join(format!("downhill-csv-rows-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("t{}.csv", text.len()));
        std::fs::write(&path, text).unwrap();
        let table = load(&path, &LoadOptions::default()).unwrap();
        let whole = (0..table.n_rows()).map(|i| table.row_ref(i).line.unwrap()).collect();
        let mut rows = CsvRows::open(&path, Delimiter::Auto).unwrap();
        let mut streamed = Vec::new();
        while let Some(row) = rows.next_row().unwrap() {
            streamed.push(row.line);
        }
        std::fs::remove_file(&path).unwrap();
        (whole, streamed)
    }

    #[test]
    fn lines_match_the_in_memory_reader_after_blank_lines_crlf_and_quoted_newlines() {
        for text in [
            "a,b\n1,2\n3,4\n",
            "\u{feff}a,b\r\n1,2\r\n\r\n\r\n3,4",
            "a,b\n\n1,\"x\ny\"\n\n\n2,\"p\r\nq\"\n3,4\n\n",
            "a;b\n1;2\n",
            "a,b\r\n1,2\n\n3,\"4\"\n5,6\r\n\n7,8",
            "a,b,c\n,,\n1,,3\n",
        ] {
            let (whole, streamed) = lines_of(text);
            assert_eq!(streamed, whole, "{text:?}");
        }
    }

    #[test]
    fn ragged_rows_name_the_line() {
        let dir = std::env::temp_dir().join(format!("downhill-csv-ragged-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("r.csv");
        std::fs::write(&path, "a,b\r\n1,u\r\n\r\n2,\"x\ny\"\n3\n").unwrap();
        let mut rows = CsvRows::open(&path, Delimiter::Auto).unwrap();
        let err = loop {
            match rows.next_row() {
                Ok(Some(_)) => continue,
                Ok(None) => panic!("no error"),
                Err(e) => break e.to_string(),
            }
        };
        assert!(err.contains("r.csv, line 6: expected 2 fields") && err.contains("found 1"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
