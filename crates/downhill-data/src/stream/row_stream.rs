//! A pass over a streamed file's rows of one role, read, parsed and encoded on a thread of its own
//! and handed over in chunks through a bounded channel. Parsing text costs about as much as a
//! linear model's step on the row, so doing it beside the training thread (2 cores here) nearly
//! halves a pass; the bound (`DEPTH` chunks of `CHUNK_ROWS` rows) keeps memory constant when the
//! reader is the faster one, and a training thread that stops early drops the receiver, which
//! ends the reader at its next send.
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::Arc;
use std::thread::JoinHandle;

use downhill_tensor::Float;

use super::csv_rows::CsvRows;
use super::libsvm_rows::LibsvmRows;
use super::online_fit::StreamFit;
use super::row_encoder::RowEncoder;
use super::row_split::Role;
use super::sparse_encoder::SparseEncoder;
use crate::{DataError, Format};

/// Rows per message: large enough that the channel's cost per row is negligible.
pub const CHUNK_ROWS: usize = 1024;
/// Values per message at most: a wide row (hashed LIBSVM features) makes chunks of fewer rows.
const CHUNK_VALUES: usize = 1 << 20;
/// Chunks the channel holds: enough to ride out a slow batch, small against memory.
const DEPTH: usize = 8;

/// Encoded rows: `x` row-major with `features` values per row, and one target per row.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RowChunk {
    /// Features, `y.len()` rows of [`Preprocessor::n_features`](crate::Preprocessor::n_features) values each.
    pub x: Vec<Float>,
    /// One target per row: the regression value, or the class id as `f32`.
    pub y: Vec<Float>,
}

/// The receiving end of a pass; dropping it stops the reader thread.
#[derive(Debug)]
pub struct RowStream {
    rx: Option<Receiver<Result<RowChunk, DataError>>>,
    thread: Option<JoinHandle<()>>,
}

impl StreamFit {
    /// Starts a pass over the rows of `role`, in file order, on a new reader thread; chunks hold up
    /// to [`CHUNK_ROWS`] rows (only the last fewer), fewer when rows are wider than 1024 values. Errors (a bad cell, an unseen label) arrive
    /// through [`RowStream::next_chunk`], after the rows read before them.
    pub fn rows(&self, role: Role) -> RowStream {
        let (tx, rx) = sync_channel(DEPTH);
        let fit = self.clone();
        let thread = std::thread::spawn(move || {
            if let Err(e) = read(&fit, role, |chunk| tx.send(Ok(chunk)).is_ok()) {
                let _ = tx.send(Err(e)); // a receiver gone means training stopped: nobody to tell
            }
        });
        RowStream { rx: Some(rx), thread: Some(thread) }
    }
}

/// Reads the rows of `role`, handing each full chunk to `send` (false: nobody listens, stop). The
/// rows before an error are sent before it, so training uses every good row it met.
fn read(fit: &StreamFit, role: Role, mut send: impl FnMut(RowChunk) -> bool) -> Result<(), DataError> {
    let mut chunk = RowChunk::default();
    let result = read_into(fit, role, &mut chunk, &mut send);
    if !chunk.y.is_empty() {
        send(chunk);
    }
    result
}

fn read_into(
    fit: &StreamFit,
    role: Role,
    chunk: &mut RowChunk,
    send: &mut impl FnMut(RowChunk) -> bool,
) -> Result<(), DataError> {
    let width = fit.preprocessor.n_features();
    let mut sink = Sink { chunk, send, width, full: (CHUNK_VALUES / width.max(1)).clamp(1, CHUNK_ROWS) };
    let (path, split) = (&fit.options.path, &fit.options.split);
    if fit.format == Format::Libsvm {
        let hash = fit.options.feature_hash;
        let mut rows = match &fit.cache {
            Some(cache) => LibsvmRows::from_cache(path, hash, Arc::clone(cache)),
            None => LibsvmRows::open(path, hash)?,
        };
        let mut encoder = SparseEncoder::new(fit);
        while let Some(row) = rows.next_row()? {
            if split.role(row.index) == role && !sink.push(|x| encoder.encode(&row, x).map(Some))? {
                break;
            }
        }
        return Ok(());
    }
    let mut rows = CsvRows::open(path, fit.options.delimiter)?;
    let mut encoder = RowEncoder::new(fit, path.clone());
    while let Some(row) = rows.next_row()? {
        if split.role(row.index) == role && !sink.push(|x| encoder.encode(&row, x))? {
            break;
        }
    }
    Ok(())
}

/// Where a pass's encoded rows go: the chunk being filled, sent when it holds `full` rows.
struct Sink<'a, F> {
    chunk: &'a mut RowChunk,
    send: &'a mut F,
    width: usize,
    full: usize,
}

impl<F: FnMut(RowChunk) -> bool> Sink<'_, F> {
    /// Adds the row `encode` writes (`None`: dropped by the missing-value policy); false when the
    /// receiver is gone. On an error the chunk keeps only the rows before it.
    fn push(
        &mut self,
        encode: impl FnOnce(&mut [Float]) -> Result<Option<Float>, DataError>,
    ) -> Result<bool, DataError> {
        let start = self.chunk.x.len();
        self.chunk.x.resize(start + self.width, 0.0);
        match encode(&mut self.chunk.x[start..]) {
            Ok(Some(y)) => self.chunk.y.push(y),
            Ok(None) => self.chunk.x.truncate(start),
            Err(e) => {
                self.chunk.x.truncate(start);
                return Err(e);
            }
        }
        Ok(self.chunk.y.len() < self.full || (self.send)(std::mem::take(self.chunk)))
    }
}

impl RowStream {
    /// The next chunk, an error met by the reader (at the row where it was met), or `None` when
    /// the pass is over.
    pub fn next_chunk(&mut self) -> Option<Result<RowChunk, DataError>> {
        self.rx.as_ref()?.recv().ok()
    }
}

impl Drop for RowStream {
    fn drop(&mut self) {
        self.rx = None; // the reader's next send fails, so it returns and the join is prompt
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
