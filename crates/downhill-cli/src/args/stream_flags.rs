//! `train --stream`: a CSV or LIBSVM file read pass after pass instead of loaded (constant
//! memory). Parsing only; `commands/train_stream.rs` gives the flags their meaning, downhill-data and downhill-learn
//! do the streaming.
use clap::Args;
use downhill_learn::{DEFAULT_SHUFFLE_BYTES, DEFAULT_SHUFFLE_ROWS};

#[derive(Clone, Debug, Default, Args)]
#[command(next_help_heading = "Streaming (files larger than memory)")]
pub struct StreamFlags {
    /// Train on a CSV or LIBSVM file (gzipped or not) read pass after pass in constant memory: a
    /// first pass fits the preprocessing and counts the rows, then each epoch reads the file again on a reader
    /// thread. Test and validation rows are drawn by a hash of the row number. Defaults differ:
    /// 1 epoch, and Adam 0.01 on batches of 32 for the models that default to full batches.
    #[arg(long)]
    pub stream: bool,
    #[arg(long, value_name = "N", requires = "stream", help = format!(
        "Rows held to shuffle the stream (each epoch reseeded; 1 keeps the file's order; default \
         {DEFAULT_SHUFFLE_ROWS}, or fewer when wide rows would take more than {} MB)",
        DEFAULT_SHUFFLE_BYTES >> 20
    ))]
    pub shuffle_buffer: Option<usize>,
    /// Fit the preprocessing (scaling, categories, classes) on the first N training rows instead of
    /// all of them (the default); the rest of the first pass only counts rows.
    #[arg(long, value_name = "N", requires = "stream")]
    pub fit_rows: Option<usize>,
    /// Parse a LIBSVM file's text on every pass instead of reading the rows the first pass parsed
    /// from a temporary file (about 5 bytes per stored value, deleted when the run ends).
    #[arg(long, requires = "stream")]
    pub no_row_cache: bool,
}
