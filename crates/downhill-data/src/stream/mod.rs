//! Streaming: training data read from the file pass after pass instead of held in memory.
//!
//! ```text
//! fit_stream(&StreamOptions)     first pass: preprocessing and target fitted online, rows counted -> StreamFit
//! fit.rows(Role::Train)          a pass on a reader thread: encoded rows in chunks, bounded channel -> RowStream
//! ShuffleBuffer                  a bounded, seeded shuffle of the rows of a pass
//! ```
//! Memory is the reader's buffer, the channel's chunks and the shuffle buffer: constant in the
//! file's size. CSV and LIBSVM files, gzipped or not; LIBSVM rows stay sparse until encoded.
mod block_cache;
mod block_codec;
mod column_stats;
mod csv_rows;
mod labels;
mod libsvm_block;
mod libsvm_fit;
mod libsvm_rows;
mod moments;
mod online_fit;
mod open;
mod record_stream;
mod row_encoder;
mod row_split;
mod row_stream;
mod shuffle_buffer;
mod sparse_encoder;

use std::path::PathBuf;

use crate::{Delimiter, FeatureHash, Format, PreprocessOptions, TaskChoice};

pub use online_fit::{fit_stream, RowCounts, StreamFit};
pub use open::detect_format;
pub use row_split::{Role, RowSplit, TestRows};
pub use row_stream::{RowChunk, RowStream, CHUNK_ROWS};
pub use shuffle_buffer::ShuffleBuffer;

/// How to stream a file: which file and target, the preprocessing, the held-out rows.
#[derive(Clone, Debug, PartialEq)]
pub struct StreamOptions {
    /// The CSV or LIBSVM file (gzipped or not); it is read once to fit and once per pass.
    pub path: PathBuf,
    /// The format, or `None` to detect it as [`load`](crate::load) does (extension, then content).
    pub format: Option<Format>,
    /// LIBSVM only: hash the feature indices into 2^B buckets (`--hash-bits B`).
    pub feature_hash: Option<FeatureHash>,
    /// The target column's name (every other column is a feature); `label` for LIBSVM.
    pub target: String,
    /// The task, or `Auto` to infer it from the target's labels as [`Task::infer`](crate::Task::infer) does.
    pub task: TaskChoice,
    /// Scaling and missing-values policy, as for a table in memory.
    pub preprocess: PreprocessOptions,
    /// The field delimiter; `Auto` detects it from the start of the file.
    pub delimiter: Delimiter,
    /// Columns read as categories even when their values look numeric.
    pub categorical: Vec<String>,
    /// Which rows are held out for testing and validation.
    pub split: RowSplit,
    /// Fit the preprocessing on the first this many training rows instead of all of them.
    pub fit_rows: Option<usize>,
    /// LIBSVM only: keep the first pass's parsed rows in a temporary file (about 5 bytes per
    /// stored value) for the later passes to read instead of parsing the text again.
    pub row_cache: bool,
}
