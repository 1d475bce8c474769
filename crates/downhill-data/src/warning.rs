//! Things worth telling the user that do not stop the run. Returned, never printed: the caller decides.
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::RowRef;

/// A recoverable surprise met while transforming data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Warning {
    /// A category training never saw; those rows get an all-zero one-hot encoding.
    UnseenCategory {
        /// The column.
        column: String,
        /// The category as written.
        value: String,
        /// 1-based data row of its first occurrence.
        first_row: usize,
        /// 1-based file line of that row, for text formats.
        first_line: Option<u64>,
        /// The rows holding it.
        count: usize,
    },
    /// Rows removed by the `drop` missing-values policy.
    RowsDropped {
        /// The rows removed.
        count: usize,
        /// 1-based data row of the first one.
        first_row: usize,
        /// 1-based file line of that row, for text formats.
        first_line: Option<u64>,
    },
}

impl Warning {
    pub(crate) fn unseen(column: &str, value: String, at: RowRef, count: usize) -> Warning {
        let column = column.to_owned();
        Warning::UnseenCategory { column, value, first_row: at.row, first_line: at.line, count }
    }
    pub(crate) fn dropped(count: usize, at: RowRef) -> Warning {
        Warning::RowsDropped { count, first_row: at.row, first_line: at.line }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::UnseenCategory { column, value, first_row, first_line, count } => {
                let at = RowRef { row: *first_row, line: *first_line };
                write!(
                    f,
                    "column '{column}': category '{value}' was not seen in training ({count} row(s), first at {at}); \
                     encoded as all zeros"
                )
            }
            Warning::RowsDropped { count, first_row, first_line } => {
                let at = RowRef { row: *first_row, line: *first_line };
                write!(f, "dropped {count} row(s) with missing values (first at {at}) under policy `drop`")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_column_value_and_row() {
        let w = Warning::unseen("color", "purple".into(), RowRef { row: 3, line: Some(4) }, 2);
        let text = w.to_string();
        assert!(
            text.contains("column 'color': category 'purple'")
                && text.contains("2 row(s), first at data row 3 (file line 4)")
        );
        let w = Warning::dropped(2, RowRef { row: 5, line: None });
        assert!(w.to_string().starts_with("dropped 2 row(s) with missing values (first at data row 5)"));
    }
}
