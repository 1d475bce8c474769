//! CSV with a header row, parsed from bytes with `csv`'s `ByteRecord` (one reused record, numbers
//! parsed straight into `f32` buffers, categories interned once per distinct value).
//!
//! Quoted fields follow RFC 4180. Empty header names become `column_K` (1-based position), as pandas
//! writes an unnamed index column. A UTF-8 byte-order mark is skipped. Blank lines are skipped.
use super::cell::text;
use super::column_builder::{CellProblem, ColumnBuilder};
use crate::{DataError, LoadOptions, Names, RowRef, Table};

/// Reads CSV `bytes` of the file `path` (named in errors).
pub(crate) fn read_csv(bytes: &[u8], path: &str, options: &LoadOptions) -> Result<Table, DataError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.trim_ascii().is_empty() {
        return Err(DataError::EmptyFile { path: path.to_owned() });
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(options.delimiter.resolve(bytes))
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let csv_err = |source| DataError::Csv { path: path.to_owned(), source };
    let mut record = csv::ByteRecord::new();
    if !reader.read_byte_record(&mut record).map_err(csv_err)? {
        return Err(DataError::EmptyFile { path: path.to_owned() });
    }
    let names = header_names(record.iter(), path)?;
    let mut builders = builders_for(&names, &options.categorical)?;
    let mut lines = Vec::new();
    let mut counter = LineCounter { bytes, at: 0, line: 1 };
    while reader.read_byte_record(&mut record).map_err(csv_err)? {
        let line = counter.line_at(record.position().map_or(0, |p| p.byte() as usize));
        if record.len() != names.len() {
            let (expected, found) = (names.len(), record.len());
            return Err(DataError::RaggedRow { path: path.to_owned(), line, expected, found });
        }
        for (k, (builder, field)) in builders.iter_mut().zip(record.iter()).enumerate() {
            builder.push(field).map_err(|problem| {
                let at = RowRef { row: lines.len() + 1, line: Some(line) };
                let (path, column, value) = (path.to_owned(), names[k].clone(), text(field.trim_ascii()));
                match problem {
                    CellProblem::NotNumeric => DataError::NotNumeric { path, at, column, value },
                    CellProblem::NonFinite => DataError::NonFinite { path, at, column, value },
                }
            })?;
        }
        lines.push(line);
    }
    if lines.is_empty() {
        return Err(DataError::NoDataRows { path: path.to_owned() });
    }
    let columns = builders.into_iter().map(ColumnBuilder::finish).collect();
    let table = Table::new(names, columns).map_err(|e| match e {
        DataError::DuplicateColumn { name, .. } => DataError::DuplicateColumn { path: path.to_owned(), name },
        other => other,
    })?;
    Ok(table.with_source(path.to_owned()).with_lines(lines))
}

/// 1-based line numbers of byte offsets, counted incrementally (offsets only grow).
struct LineCounter<'a> {
    bytes: &'a [u8],
    at: usize,
    line: u64,
}

impl LineCounter<'_> {
    /// The line where the record starting at `byte` begins. `csv` may report a record's start before
    /// the blank lines it skipped, so line breaks right at `byte` are skipped first.
    fn line_at(&mut self, byte: usize) -> u64 {
        let start = byte + self.bytes[byte..].iter().take_while(|&&b| b == b'\n' || b == b'\r').count();
        // Sum per 64-byte chunk in u8 (at most 64 fits) so the comparison loop vectorises.
        let chunks = self.bytes[self.at..start].chunks(64);
        self.line +=
            chunks.map(|c| u64::from(c.iter().map(|&b| u8::from(b == b'\n')).sum::<u8>())).sum::<u64>();
        self.at = start;
        self.line
    }
}

/// The header's column names (also the streaming reader's, `stream/csv_rows.rs`).
pub(crate) fn header_names<'a>(
    fields: impl Iterator<Item = &'a [u8]>,
    path: &str,
) -> Result<Vec<String>, DataError> {
    let mut names: Vec<String> = Vec::new();
    for (k, field) in fields.enumerate() {
        let name = match field.trim_ascii() {
            b"" => format!("column_{}", k + 1),
            f => text(f),
        };
        if names.contains(&name) {
            return Err(DataError::DuplicateColumn { path: path.to_owned(), name });
        }
        names.push(name);
    }
    Ok(names)
}

fn builders_for(names: &[String], categorical: &[String]) -> Result<Vec<ColumnBuilder>, DataError> {
    if let Some(unknown) = categorical.iter().find(|c| !names.contains(c)) {
        return Err(DataError::UnknownColumn { column: unknown.clone(), available: Names(names.to_vec()) });
    }
    Ok(names.iter().map(|n| ColumnBuilder::new(categorical.contains(n))).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Column, Delimiter};

    fn read(text: &str) -> Result<Table, DataError> {
        read_csv(text.as_bytes(), "t.csv", &LoadOptions::default())
    }

    #[test]
    fn reads_quoted_fields_missing_values_and_kinds() {
        let t = read("x;name\n1.5;\"a;b\"\n;c\n").unwrap();
        assert!(matches!(t.column("x").unwrap(), Column::Numeric(_)));
        assert_eq!(t.column("name").unwrap().text(0).as_deref(), Some("a;b"));
        assert!(t.column("x").unwrap().is_missing(1));
        assert_eq!(t.row_ref(1), RowRef { row: 2, line: Some(3) });
    }

    #[test]
    fn given_delimiter_and_unnamed_columns() {
        let opts = LoadOptions { delimiter: Delimiter::Byte(b'|'), ..Default::default() };
        let t = read_csv(b"|a\n0|1\n", "t.csv", &opts).unwrap();
        assert_eq!(t.names(), &["column_1", "a"]);
    }

    #[test]
    fn ragged_row_names_line_and_counts() {
        let err = read("a,b\r\n1,u\r\n\r\n2,\"x\ny\"\n3\n").unwrap_err().to_string();
        assert!(err.contains("t.csv, line 6: expected 2 fields") && err.contains("found 1"), "{err}");
    }
}
