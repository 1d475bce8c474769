//! Errors for data files and for data that does not fit a fitted preprocessing.
//!
//! Every message names the file, row, column or option at fault and says what would fix it, in one line.
//! Rows are 1-based data rows (the header is not counted); text formats add the 1-based file line.
//! Fields named `path` hold the file as given; `at` is a [`RowRef`]; `column` is a column's name.
use crate::{Names, RowRef};

/// Everything that can go wrong reading a data file or applying preprocessing to it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DataError {
    /// The file does not exist.
    #[error("{path}: no such file; check the path")]
    NotFound {
        /// The path as given.
        path: String,
    },
    /// The file exists but reading it failed (permissions, a directory, an I/O error).
    #[error("cannot read {path}: {source}; check that it is a readable file")]
    Unreadable {
        /// The file.
        path: String,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The file starts with the gzip magic bytes but does not decompress.
    #[error("{path} starts like gzip but does not decompress ({source}); the file is probably truncated")]
    Gzip {
        /// The file.
        path: String,
        /// The decompressor's error.
        source: std::io::Error,
    },
    /// A data file with nothing in it but whitespace (or no bytes at all).
    #[error("{path} is empty; expected a header line followed by data rows")]
    EmptyFile {
        /// The file.
        path: String,
    },
    /// A text file ([`read_text`](crate::read_text)) with no characters.
    #[error("{path} is empty; a language model needs text to learn from")]
    EmptyText {
        /// The file.
        path: String,
    },
    /// A text file that is not valid UTF-8.
    #[error("{path} is not UTF-8 text: invalid byte at offset {offset}; save it as UTF-8")]
    NotUtf8 {
        /// The file.
        path: String,
        /// 0-based byte offset of the first invalid byte.
        offset: usize,
    },
    /// A text too short for one training window ([`check_length`](crate::check_length)).
    #[error(
        "{path} has {chars} characters; a language model with context {context} needs at least {needed}"
    )]
    TextTooShort {
        /// The file.
        path: String,
        /// The characters it has.
        chars: usize,
        /// The model's context length, in characters.
        context: usize,
        /// The characters one window needs: `context + 1`.
        needed: usize,
    },
    /// A byte-pair vocabulary size below the text's characters or above the most learned.
    #[error(
        "invalid value `{asked}` for --vocab-size; accepted: from the training text's {chars} distinct \
         characters to {max}"
    )]
    VocabSize {
        /// The size asked for.
        asked: usize,
        /// The distinct characters of the text (the smallest vocabulary).
        chars: usize,
        /// `MAX_VOCAB`.
        max: usize,
    },
    /// Text holding characters that the [`Vocabulary`](crate::Vocabulary) has no id for.
    #[error("{what} has characters outside the model's vocabulary: {chars}; the vocabulary is the training text's characters")]
    UnknownCharacters {
        /// What the text is (a file name, `--prompt`).
        what: String,
        /// Each unknown character once, sorted, debug-quoted and comma-separated (`'é', 'ø'`).
        chars: String,
    },
    /// A header (and perhaps comments) but no data rows.
    #[error("{path} has no data rows (only a header or comments); add data below the header")]
    NoDataRows {
        /// The file.
        path: String,
    },
    /// A CSV syntax error reported by the `csv` crate (e.g. an unterminated quote).
    #[error("{path}: {source}")]
    Csv {
        /// The file.
        path: String,
        /// The parser's error, with its position.
        source: csv::Error,
    },
    /// Two columns with the same name (in a file's header, or given to [`Table::new`](crate::Table::new)).
    #[error("{path}: column name '{name}' appears twice in the header; rename one of them")]
    DuplicateColumn {
        /// The file (`table` for a table built in code).
        path: String,
        /// The repeated name.
        name: String,
    },
    /// A CSV row with more or fewer fields than the header.
    #[error(
        "{path}, line {line}: expected {expected} fields like the header but found {found}; \
         check for a missing or extra delimiter, or quote fields that contain it"
    )]
    RaggedRow {
        /// The file.
        path: String,
        /// 1-based line of the file.
        line: u64,
        /// The header's field count.
        expected: usize,
        /// This row's field count.
        found: usize,
    },
    /// Text in a column whose first value was a number (so it was read as numeric).
    #[error(
        "{path}, {at}, column '{column}': '{value}' is not a number, but the column's first value was; \
         fix the value, write missing values as NA, ? or an empty field, or declare the column categorical"
    )]
    NotNumeric {
        /// The file.
        path: String,
        /// The row.
        at: RowRef,
        /// The column.
        column: String,
        /// The field as written.
        value: String,
    },
    /// `inf`, `NaN` or a number beyond `f32`'s range; missing values have their own markers.
    #[error(
        "{path}, {at}, column '{column}': '{value}' is not a finite 32-bit number (inf, NaN, or beyond \
         ±3.4e38); replace it by a finite value or a missing marker (NA, ? or an empty field)"
    )]
    NonFinite {
        /// The file.
        path: String,
        /// The row.
        at: RowRef,
        /// The column (`label` for a LIBSVM label).
        column: String,
        /// The field as written.
        value: String,
    },
    /// A LIBSVM line that is not `label index:value ...`.
    #[error("{path}, line {line}: '{token}' {problem}")]
    LibsvmSyntax {
        /// The file.
        path: String,
        /// 1-based line of the file.
        line: u64,
        /// The offending token.
        token: String,
        /// What is wrong with it (`is not an `index:value` pair`).
        problem: &'static str,
    },
    /// A LIBSVM feature index above [`LoadOptions::n_features`](crate::LoadOptions::n_features).
    #[error(
        "{path}, line {line}: feature index {index} exceeds the given feature count {n_features}; \
         raise the feature count or leave it unset to use the largest index"
    )]
    FeatureIndexTooLarge {
        /// The file.
        path: String,
        /// 1-based line of the file.
        line: u64,
        /// The 1-based feature index found.
        index: usize,
        /// The feature count given.
        n_features: usize,
    },
    /// An IDX file whose first four bytes are not the expected magic number.
    #[error(
        "{path} is not an IDX {kind} file: magic number {found} where {expected} was expected; load the \
         images file (`*-idx3-ubyte`), whose labels file (`*-idx1-ubyte`) is found beside it"
    )]
    IdxMagic {
        /// The file.
        path: String,
        /// `images` or `labels`.
        kind: &'static str,
        /// The magic number read (big-endian).
        found: u32,
        /// The magic number of that kind of file (2051 images, 2049 labels).
        expected: u32,
    },
    /// An IDX file shorter than its header's dimensions say.
    #[error("{path} is truncated: its IDX header promises {expected} bytes but the file has {found}")]
    IdxTruncated {
        /// The file.
        path: String,
        /// The bytes the header implies.
        expected: u64,
        /// The bytes the file has (after decompression).
        found: u64,
    },
    /// An IDX file longer than its header's dimensions say.
    #[error("{path} has {found} bytes but its IDX header promises {expected}; the file is corrupt")]
    IdxTrailing {
        /// The file.
        path: String,
        /// The bytes the header implies.
        expected: u64,
        /// The bytes the file has (after decompression).
        found: u64,
    },
    /// An IDX images file and labels file with different counts.
    #[error("{images} holds {n_images} images but {labels} holds {n_labels} labels; use the matching pair")]
    IdxCountMismatch {
        /// The images file.
        images: String,
        /// Its image count.
        n_images: usize,
        /// The labels file.
        labels: String,
        /// Its label count.
        n_labels: usize,
    },
    /// The table's only column is the target.
    #[error(
        "{path} has no feature columns besides the target '{target}'; add features or pick another target"
    )]
    NoFeatures {
        /// The file.
        path: String,
        /// The target column's name.
        target: String,
    },
    /// A column name (target, option) that the table does not have.
    #[error("no column named '{column}'; the columns are: {available}")]
    UnknownColumn {
        /// The name asked for.
        column: String,
        /// The table's columns.
        available: Names,
    },
    /// A classification target with only one distinct label.
    #[error(
        "target column '{column}' has a single class ('{class}'); classification needs at least two, \
         so check the target column or choose the regression task"
    )]
    SingleClass {
        /// The target column.
        column: String,
        /// Its one label.
        class: String,
    },
    /// A regression target (forced with [`TaskChoice::Regression`](crate::TaskChoice::Regression))
    /// that holds text.
    #[error(
        "target column '{column}' holds text ('{value}' at {at}), so it cannot be a regression target; \
         choose the classification task"
    )]
    TargetNotNumeric {
        /// The target column.
        column: String,
        /// Its first text value.
        value: String,
        /// That value's row.
        at: RowRef,
    },
    /// A missing feature value under [`MissingPolicy::Error`](crate::MissingPolicy::Error).
    #[error(
        "missing value in column '{column}' at {at}; fill it in, or train with the missing-value policy \
         `drop` (remove such rows) or `mean` (impute training means)"
    )]
    MissingValue {
        /// The column.
        column: String,
        /// The first row missing it.
        at: RowRef,
    },
    /// A missing target value under a policy other than `drop` (targets are never imputed).
    #[error(
        "missing target value in column '{column}' at {at}; targets are never imputed, so fill it in \
         or choose the missing-value policy `drop`"
    )]
    MissingTarget {
        /// The target column.
        column: String,
        /// The first row missing it.
        at: RowRef,
    },
    /// [`MissingPolicy::Drop`](crate::MissingPolicy::Drop) removed every row.
    #[error("all {dropped} rows have a missing value, so policy `drop` leaves no data; use `mean` instead")]
    NoRowsLeft {
        /// The rows removed (all of them).
        dropped: usize,
    },
    /// [`MissingPolicy::Mean`](crate::MissingPolicy::Mean) on a column with no training values.
    #[error("column '{column}' has no values in the training rows, so policy `mean` cannot impute it")]
    AllMissing {
        /// The column.
        column: String,
    },
    /// Data to transform lacks a column the preprocessing was fitted on.
    #[error("the data has no column '{column}', which the model was trained on; add it under that name")]
    MissingColumn {
        /// The absent column.
        column: String,
    },
    /// A column numeric in training that holds text in the data being transformed.
    #[error(
        "column '{column}' was numeric in training but holds text here ('{value}' at {at}); \
         fix the value or write missing values as NA, ? or an empty field"
    )]
    ColumnKind {
        /// The column.
        column: String,
        /// Its first text value.
        value: String,
        /// That value's row.
        at: RowRef,
    },
    /// A value so far outside the training rows' range that scaling makes it infinite.
    #[error(
        "{path}, {at}, column '{column}': {value} is so far outside the training rows' range that the \
         model's scaling makes it infinite; check the value"
    )]
    ScaledOverflow {
        /// The file.
        path: String,
        /// The column.
        column: String,
        /// The value as read.
        value: f64,
        /// Its row.
        at: RowRef,
    },
    /// A classification label that the fitted [`Target`](crate::Target) does not know.
    #[error(
        "target column '{column}' has label '{label}' at {at}, which training never saw; known: {known}"
    )]
    UnknownLabel {
        /// The target column.
        column: String,
        /// The unknown label.
        label: String,
        /// Its row.
        at: RowRef,
        /// The classes training saw, in class-id order.
        known: Names,
    },
    /// `--hash-bits B` outside [`HASH_BITS`](crate::HASH_BITS).
    #[error("--hash-bits {bits}: give an integer from 1 to 20 (2^B buckets; the model is dense, one weight per bucket)")]
    HashBits {
        /// The `B` given.
        bits: u32,
    },
    /// Feature hashing asked for a file that is not LIBSVM.
    #[error(
        "{path}: --hash-bits hashes LIBSVM feature indices, but this is a {format} file; drop --hash-bits \
         (a model trained with it reads LIBSVM data only)"
    )]
    HashNeedsLibsvm {
        /// The file.
        path: String,
        /// Its format (`CSV`, `IDX`).
        format: &'static str,
    },
    /// An option's text that names no choice (`FromStr` of [`Format`](crate::Format),
    /// [`Delimiter`](crate::Delimiter), [`Scale`](crate::Scale), [`MissingPolicy`](crate::MissingPolicy),
    /// [`TaskChoice`](crate::TaskChoice)).
    #[error("invalid {option} '{value}'; expected one of: {expected}")]
    InvalidOption {
        /// The option (`scale`, `missing-values policy`).
        option: &'static str,
        /// The text given.
        value: String,
        /// The accepted values, comma-separated.
        expected: &'static str,
    },
    /// Stored preprocessing ([`Preprocessor::from_json`](crate::Preprocessor::from_json)) that does
    /// not parse.
    #[error("preprocessing metadata is not valid ({0}); the model file is corrupt or from a newer downhill")]
    Metadata(#[from] serde_json::Error),
}

/// How paths appear in messages.
pub(crate) fn show(path: &std::path::Path) -> String {
    path.display().to_string()
}
