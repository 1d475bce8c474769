//! Streaming: training data read from the file pass after pass instead of held in memory.
//!
//! ```text
//! fit_stream(&StreamOptions)     first pass: preprocessing and target fitted online, rows counted -> StreamFit
//! fit.rows(Role::Train)          a pass on a reader thread: encoded rows in chunks, bounded channel -> RowStream
//! ShuffleBuffer                  a bounded, seeded shuffle of the rows of a pass
//! ```
//! Memory is the reader's buffer, the channel's chunks and the shuffle buffer: constant in the
//! file's size. CSV only for now (gzipped or not).
mod column_stats;
mod csv_rows;
mod labels;
mod moments;
mod online_fit;
mod open;
mod record_stream;
mod row_encoder;
mod row_split;
mod row_stream;
mod shuffle_buffer;

use std::path::PathBuf;

use crate::{Delimiter, PreprocessOptions, TaskChoice};

pub use online_fit::{fit_stream, RowCounts, StreamFit};
pub use row_split::{Role, RowSplit, TestRows};
pub use row_stream::{RowChunk, RowStream, CHUNK_ROWS};
pub use shuffle_buffer::ShuffleBuffer;

/// How to stream a file: which file and target, the preprocessing, the held-out rows.
#[derive(Clone, Debug, PartialEq)]
pub struct StreamOptions {
    /// The CSV file (gzipped or not); it is read once to fit and once per pass.
    pub path: PathBuf,
    /// The target column's name (every other column is a feature).
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
}
