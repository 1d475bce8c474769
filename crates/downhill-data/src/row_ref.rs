//! `RowRef`: where a row of a data file is, as messages name it (`data row 3 (file line 4)`).
use std::fmt;

/// Where a row came from: its 1-based data row (header excluded) and, for text files, its 1-based line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RowRef {
    /// 1-based data row: the first row below the header is 1.
    pub row: usize,
    /// 1-based line of the file (comments and the header counted); `None` for binary formats (IDX).
    pub line: Option<u64>,
}

impl fmt::Display for RowRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "data row {} (file line {line})", self.row),
            None => write!(f, "data row {}", self.row),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_ref_names_row_and_line() {
        assert_eq!(RowRef { row: 3, line: Some(4) }.to_string(), "data row 3 (file line 4)");
        assert_eq!(RowRef { row: 3, line: None }.to_string(), "data row 3");
    }
}
