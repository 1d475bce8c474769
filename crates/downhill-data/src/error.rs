//! Errors for data files and for data that does not fit a fitted preprocessing.
//!
//! Every message names the file, row, column or option at fault and says what would fix it, in one line.
//! Rows are 1-based data rows (the header is not counted); text formats add the 1-based file line.
use std::fmt;

/// Where a row came from: its 1-based data row (header excluded) and, for text files, its 1-based line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RowRef {
    pub row: usize,
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

/// A list of names shown in a message; long lists are abbreviated to their ends and a count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Names(pub Vec<String>);

impl fmt::Display for Names {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHOWN: usize = 12;
        let n = self.0.len();
        if n <= SHOWN {
            return write!(f, "{}", self.0.join(", "));
        }
        let head = self.0[..SHOWN - 2].join(", ");
        write!(f, "{head}, ..., {} ({n} in all)", self.0[n - 1])
    }
}

/// Everything that can go wrong reading a data file or applying preprocessing to it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DataError {
    #[error("{path}: no such file; check the path")]
    NotFound { path: String },
    #[error("cannot read {path}: {source}; check that it is a readable file")]
    Unreadable { path: String, source: std::io::Error },
    #[error("{path} starts like gzip but does not decompress ({source}); the file is probably truncated")]
    Gzip { path: String, source: std::io::Error },
    #[error("{path} is empty; expected a header line followed by data rows")]
    EmptyFile { path: String },
    #[error("{path} is empty; a language model needs text to learn from")]
    EmptyText { path: String },
    #[error("{path} is not UTF-8 text: invalid byte at offset {offset}; save it as UTF-8")]
    NotUtf8 { path: String, offset: usize },
    #[error(
        "{path} has {chars} characters; a language model with context {context} needs at least {needed}"
    )]
    TextTooShort { path: String, chars: usize, context: usize, needed: usize },
    #[error("{what} has characters outside the model's vocabulary: {chars}; the vocabulary is the training text's characters")]
    UnknownCharacters { what: String, chars: String },
    #[error("{path} has no data rows (only a header or comments); add data below the header")]
    NoDataRows { path: String },
    #[error("{path}: {source}")]
    Csv { path: String, source: csv::Error },
    #[error("{path}: column name '{name}' appears twice in the header; rename one of them")]
    DuplicateColumn { path: String, name: String },
    #[error(
        "{path}, line {line}: expected {expected} fields like the header but found {found}; \
         check for a missing or extra delimiter, or quote fields that contain it"
    )]
    RaggedRow { path: String, line: u64, expected: usize, found: usize },
    #[error(
        "{path}, {at}, column '{column}': '{value}' is not a number, but the column's first value was; \
         fix the value, write missing values as NA, ? or an empty field, or declare the column categorical"
    )]
    NotNumeric { path: String, at: RowRef, column: String, value: String },
    #[error(
        "{path}, {at}, column '{column}': '{value}' is not a finite number; \
         replace it by a finite value or a missing marker (NA, ? or an empty field)"
    )]
    NonFinite { path: String, at: RowRef, column: String, value: String },
    #[error("{path}, line {line}: '{token}' {problem}")]
    LibsvmSyntax { path: String, line: u64, token: String, problem: &'static str },
    #[error(
        "{path}, line {line}: feature index {index} exceeds the given feature count {n_features}; \
         raise the feature count or leave it unset to use the largest index"
    )]
    FeatureIndexTooLarge { path: String, line: u64, index: usize, n_features: usize },
    #[error(
        "{path} is not an IDX {kind} file: magic number {found} where {expected} was expected; load the \
         images file (`*-idx3-ubyte`), whose labels file (`*-idx1-ubyte`) is found beside it"
    )]
    IdxMagic { path: String, kind: &'static str, found: u32, expected: u32 },
    #[error("{path} is truncated: its IDX header promises {expected} bytes but the file has {found}")]
    IdxTruncated { path: String, expected: u64, found: u64 },
    #[error("{path} has {found} bytes but its IDX header promises {expected}; the file is corrupt")]
    IdxTrailing { path: String, expected: u64, found: u64 },
    #[error("{images} holds {n_images} images but {labels} holds {n_labels} labels; use the matching pair")]
    IdxCountMismatch { images: String, n_images: usize, labels: String, n_labels: usize },
    #[error(
        "{path} has no feature columns besides the target '{target}'; add features or pick another target"
    )]
    NoFeatures { path: String, target: String },
    #[error("no column named '{column}'; the columns are: {available}")]
    UnknownColumn { column: String, available: Names },
    #[error(
        "target column '{column}' has a single class ('{class}'); classification needs at least two, \
         so check the target column or choose the regression task"
    )]
    SingleClass { column: String, class: String },
    #[error(
        "target column '{column}' holds text ('{value}' at {at}), so it cannot be a regression target; \
         choose the classification task"
    )]
    TargetNotNumeric { column: String, value: String, at: RowRef },
    #[error(
        "missing value in column '{column}' at {at}; fill it in, or choose the missing-value policy \
         `drop` (remove such rows) or `mean` (impute training means)"
    )]
    MissingValue { column: String, at: RowRef },
    #[error(
        "missing target value in column '{column}' at {at}; targets are never imputed, so fill it in \
         or choose the missing-value policy `drop`"
    )]
    MissingTarget { column: String, at: RowRef },
    #[error("all {dropped} rows have a missing value, so policy `drop` leaves no data; use `mean` instead")]
    NoRowsLeft { dropped: usize },
    #[error("column '{column}' has no values in the training rows, so policy `mean` cannot impute it")]
    AllMissing { column: String },
    #[error("the data has no column '{column}', which the model was trained on; add it under that name")]
    MissingColumn { column: String },
    #[error(
        "column '{column}' was numeric in training but holds text here ('{value}' at {at}); \
         fix the value or write missing values as NA, ? or an empty field"
    )]
    ColumnKind { column: String, value: String, at: RowRef },
    #[error(
        "target column '{column}' has label '{label}' at {at}, which training never saw; known: {known}"
    )]
    UnknownLabel { column: String, label: String, at: RowRef, known: Names },
    #[error("invalid {option} '{value}'; expected one of: {expected}")]
    InvalidOption { option: &'static str, value: String, expected: &'static str },
    #[error("preprocessing metadata is not valid ({0}); the model file is corrupt or from a newer downhill")]
    Metadata(#[from] serde_json::Error),
}

/// How paths appear in messages.
pub(crate) fn show(path: &std::path::Path) -> String {
    path.display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_ref_names_row_and_line() {
        assert_eq!(RowRef { row: 3, line: Some(4) }.to_string(), "data row 3 (file line 4)");
        assert_eq!(RowRef { row: 3, line: None }.to_string(), "data row 3");
    }

    #[test]
    fn long_name_lists_are_abbreviated() {
        let names = Names((0..784).map(|i| format!("p{i}")).collect());
        let text = names.to_string();
        assert!(text.starts_with("p0, p1,") && text.ends_with("p783 (784 in all)"), "{text}");
        assert_eq!(Names(vec!["a".into(), "b".into()]).to_string(), "a, b");
    }
}
