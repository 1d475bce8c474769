//! A table of named columns as read from a file, before any preprocessing.
//!
//! Columns are stored separately (column-major) because their kinds differ; preprocessing writes the
//! row-major feature tensor in one pass. `n_rows` is the raw count read from the file: rows dropped for
//! missing values are removed later, by preprocessing, which reports which rows it kept.
use std::sync::Arc;

use crate::{Column, DataError, Names, RowRef};

/// Named columns of equal length, with the file lines they came from when the format has lines.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    source: String,
    names: Vec<String>,
    columns: Vec<Column>,
    /// Original 0-based row of each row (`None`: row `i` is original row `i`), so a split's messages
    /// still name rows of the file.
    origin: Option<Vec<usize>>,
    /// 1-based file line of each original row, for text formats.
    lines: Option<Arc<Vec<u64>>>,
    suggested_target: Option<String>,
    /// The shape of one sample's features when the format has one (`[1, 28, 28]` for IDX images).
    sample_shape: Option<Vec<usize>>,
}

impl Table {
    /// Builds a table; a repeated name is an error. Panics when the columns differ in length
    /// (a programming error: readers always produce equal columns).
    ///
    /// ```
    /// use downhill_data::{Column, NumericColumn, Table};
    /// let x = Column::Numeric(NumericColumn::from_options([Some(1.0), None]));
    /// let t = Table::new(vec!["x".into()], vec![x]).unwrap();
    /// assert_eq!((t.n_rows(), t.n_cols()), (2, 1));
    /// assert!(t.column("y").unwrap_err().to_string().contains("the columns are: x"));
    /// ```
    pub fn new(names: Vec<String>, columns: Vec<Column>) -> Result<Table, DataError> {
        assert_eq!(
            names.len(),
            columns.len(),
            "Table::new: {} names for {} columns",
            names.len(),
            columns.len()
        );
        let n = columns.first().map_or(0, Column::len);
        assert!(columns.iter().all(|c| c.len() == n), "Table::new: columns differ in length");
        for (i, name) in names.iter().enumerate() {
            if names[..i].contains(name) {
                return Err(DataError::DuplicateColumn { path: "table".into(), name: name.clone() });
            }
        }
        Ok(Table {
            source: "table".into(),
            names,
            columns,
            origin: None,
            lines: None,
            suggested_target: None,
            sample_shape: None,
        })
    }

    /// Names the file the table came from, for messages.
    pub(crate) fn with_source(mut self, source: String) -> Table {
        self.source = source;
        self
    }
    /// Records the 1-based file line of each row.
    pub(crate) fn with_lines(mut self, lines: Vec<u64>) -> Table {
        debug_assert_eq!(lines.len(), self.n_rows());
        self.lines = Some(Arc::new(lines));
        self
    }
    /// Records the target column a format implies (`label` for LIBSVM and IDX).
    pub(crate) fn with_suggested_target(mut self, name: &str) -> Table {
        self.suggested_target = Some(name.to_owned());
        self
    }

    /// Records the shape of one sample's features (images: `[channels, height, width]`).
    pub(crate) fn with_sample_shape(mut self, shape: Vec<usize>) -> Table {
        self.sample_shape = Some(shape);
        self
    }
    /// The shape of one sample's features when the format gives one (IDX images: `[1, H, W]`).
    pub fn sample_shape(&self) -> Option<&[usize]> {
        self.sample_shape.as_deref()
    }

    /// The file the table was read from (or `table` when built in code).
    pub fn source(&self) -> &str {
        &self.source
    }
    /// Rows as read, before any are dropped for missing values.
    pub fn n_rows(&self) -> usize {
        self.columns.first().map_or(0, Column::len)
    }
    /// Number of columns (features and target alike).
    pub fn n_cols(&self) -> usize {
        self.columns.len()
    }
    /// Column names in file order, distinct.
    pub fn names(&self) -> &[String] {
        &self.names
    }
    /// The columns, in the order of [`names`](Self::names).
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }
    /// The target implied by the format (`label` for LIBSVM and IDX); `None` for CSV.
    pub fn suggested_target(&self) -> Option<&str> {
        self.suggested_target.as_deref()
    }

    /// Position of the column `name`; the error lists the columns there are.
    pub fn column_index(&self, name: &str) -> Result<usize, DataError> {
        self.names.iter().position(|n| n == name).ok_or_else(|| DataError::UnknownColumn {
            column: name.to_owned(),
            available: Names(self.names.clone()),
        })
    }
    /// The column `name`; the error lists the columns there are.
    pub fn column(&self, name: &str) -> Result<&Column, DataError> {
        Ok(&self.columns[self.column_index(name)?])
    }

    /// Where row `i` (0-based) came from, for messages.
    pub fn row_ref(&self, i: usize) -> RowRef {
        let original = self.origin.as_ref().map_or(i, |o| o[i]);
        RowRef { row: original + 1, line: self.lines.as_ref().map(|l| l[original]) }
    }

    /// The rows `rows` (0-based, any order) as a new table, e.g. a training split. Its messages still
    /// name the original data rows and file lines.
    pub fn take_rows(&self, rows: &[usize]) -> Table {
        Table {
            source: self.source.clone(),
            names: self.names.clone(),
            columns: self.columns.iter().map(|c| c.take(rows)).collect(),
            origin: Some(rows.iter().map(|&r| self.origin.as_ref().map_or(r, |o| o[r])).collect()),
            lines: self.lines.clone(),
            suggested_target: self.suggested_target.clone(),
            sample_shape: self.sample_shape.clone(),
        }
    }

    /// `take_rows` ending `self`: the table itself when `rows` is every row in order (no copy), so a
    /// caller that no longer needs the whole table never holds it twice.
    pub fn into_rows(self, rows: &[usize]) -> Table {
        if rows.len() == self.n_rows() && rows.iter().enumerate().all(|(i, &r)| i == r) {
            return self;
        }
        self.take_rows(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NumericColumn;

    fn table() -> Table {
        let a = Column::Numeric(NumericColumn::from_options([Some(1.0), Some(2.0), Some(3.0)]));
        Table::new(vec!["a".into()], vec![a]).unwrap().with_lines(vec![2, 3, 5])
    }

    #[test]
    fn duplicate_names_are_rejected() {
        let c = || Column::Numeric(NumericColumn::default());
        let err = Table::new(vec!["a".into(), "a".into()], vec![c(), c()]).unwrap_err();
        assert!(err.to_string().contains("'a' appears twice"), "{err}");
    }

    #[test]
    fn take_rows_keeps_original_rows_and_lines() {
        let t = table().take_rows(&[2, 0]).take_rows(&[1, 0]);
        assert_eq!(t.n_rows(), 2);
        assert_eq!(t.row_ref(1), RowRef { row: 3, line: Some(5) });
        assert_eq!(t.column("a").unwrap().text(0).as_deref(), Some("1"));
    }
}
