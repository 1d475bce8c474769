//! A CSV file's records tokenised on a thread of its own and handed over in chunks through a
//! bounded channel, for the fitting pass: splitting the text into fields is half of that pass's
//! work, parsing and counting the other half, so on two cores the two halves overlap. (The
//! training passes parse on their reader thread too; `row_stream.rs`.) An error ends the chunks:
//! the rows before it come first.
use std::path::Path;
use std::sync::mpsc::{sync_channel, Receiver};
use std::thread::JoinHandle;

use super::csv_rows::{CsvRows, Row};
use crate::{DataError, Delimiter};

const CHUNK_ROWS: usize = 1024;
const DEPTH: usize = 8;

/// Records in shared buffers: every field's bytes back to back, their end offsets, and per row its
/// data row, line and the end of its offsets.
#[derive(Debug, Default)]
pub(crate) struct Records {
    fields: Vec<u8>,
    ends: Vec<usize>,
    rows: Vec<(usize, u64, usize)>,
}

impl Records {
    fn push(&mut self, row: &Row<'_>) {
        let (bytes, ends, first) = row.parts();
        let base = self.fields.len();
        self.fields.extend_from_slice(bytes);
        self.ends.extend(ends.iter().map(|&e| base + e - first));
        self.rows.push((row.index, row.line, self.ends.len()));
    }

    /// The rows, in file order.
    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        let mut from = 0;
        self.rows.iter().map(move |&(index, line, to)| {
            let first = if from == 0 { 0 } else { self.ends[from - 1] };
            let row = Row::within(index, line, &self.fields, &self.ends[from..to], first);
            from = to;
            row
        })
    }
}

#[derive(Debug)]
pub(crate) struct RecordStream {
    names: Vec<String>,
    rx: Option<Receiver<Result<Records, DataError>>>,
    thread: Option<JoinHandle<()>>,
}

impl RecordStream {
    /// Opens `path` and reads its header here (so header errors come at once), then the records
    /// on a reader thread.
    pub fn open(path: &Path, delimiter: Delimiter) -> Result<RecordStream, DataError> {
        let mut rows = CsvRows::open(path, delimiter)?;
        let names = rows.names().to_vec();
        let (tx, rx) = sync_channel(DEPTH);
        let thread = std::thread::spawn(move || {
            let mut chunk = Records::default();
            loop {
                match rows.next_row() {
                    Ok(Some(row)) => chunk.push(&row),
                    Ok(None) => break,
                    Err(e) => {
                        let _ = tx.send(Ok(std::mem::take(&mut chunk)));
                        let _ = tx.send(Err(e)); // a receiver gone means the fit stopped
                        return;
                    }
                }
                if chunk.rows.len() == CHUNK_ROWS && tx.send(Ok(std::mem::take(&mut chunk))).is_err() {
                    return;
                }
            }
            let _ = tx.send(Ok(chunk));
        });
        Ok(RecordStream { names, rx: Some(rx), thread: Some(thread) })
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The next chunk, the error that ended the file's records, or `None` at the end.
    pub fn next_chunk(&mut self) -> Option<Result<Records, DataError>> {
        self.rx.as_ref()?.recv().ok()
    }
}

impl Drop for RecordStream {
    fn drop(&mut self) {
        self.rx = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
