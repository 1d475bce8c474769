//! A streamed file's training rows as batches: each epoch a new pass on the reader thread
//! (`StreamFit::rows`), its rows through a bounded shuffle buffer seeded from (seed, epoch), so an
//! epoch's order is a pure function of the run's seed, like `BatchSize::plan`'s. Targets are
//! standardised here when the regressor trains on standardised targets.
use crate::seeds::{self, Stream};
use crate::{Batch, BatchSource, LearnError, TargetScale};
use downhill_data::{Role, RowChunk, RowStream, ShuffleBuffer, StreamFit};
use downhill_tensor::{Float, Tensor};

/// The rows a shuffle buffer holds by default: 10,000 rows of 20 features are 0.8 MB, and they mix
/// rows across about a hundred reader chunks.
pub const DEFAULT_SHUFFLE_ROWS: usize = 10_000;
/// The bytes a default shuffle buffer may take: wide rows (hashed LIBSVM features) get fewer rows.
pub const DEFAULT_SHUFFLE_BYTES: usize = 64 << 20;

/// The default shuffle buffer for rows of `features` values: [`DEFAULT_SHUFFLE_ROWS`] rows, or as
/// many as fit in 64 MB when fewer (2^18 hashed features: 63 rows).
pub fn default_shuffle_rows(features: usize) -> usize {
    let row_bytes = (features + 1) * std::mem::size_of::<Float>();
    (DEFAULT_SHUFFLE_BYTES / row_bytes).clamp(1, DEFAULT_SHUFFLE_ROWS)
}

/// The training rows of a streamed file as a [`BatchSource`](crate::BatchSource): one pass per epoch through
/// a seeded shuffle buffer (see the module docs).
#[derive(Debug)]
pub struct StreamBatches<'a> {
    fit: &'a StreamFit,
    shuffle_rows: usize,
    seed: u64,
    target_scale: Option<TargetScale>,
    pass: Option<RowStream>,
    buffer: ShuffleBuffer,
    chunk: RowChunk,
    /// The next row of `chunk` to go into the buffer.
    at: usize,
}

impl<'a> StreamBatches<'a> {
    /// Batches of `fit`'s training rows through a buffer of `shuffle_rows` rows (1: file order).
    pub fn new(
        fit: &'a StreamFit,
        shuffle_rows: usize,
        seed: u64,
        target_scale: Option<TargetScale>,
    ) -> Self {
        let width = fit.preprocessor.n_features() + 1;
        let buffer = ShuffleBuffer::new(shuffle_rows, width, seeds::rng(seed, Stream::Shuffle, 0));
        StreamBatches {
            fit,
            shuffle_rows,
            seed,
            target_scale,
            pass: None,
            buffer,
            chunk: RowChunk::default(),
            at: 0,
        }
    }

    fn features(&self) -> usize {
        self.fit.preprocessor.n_features()
    }

    /// The next row of the pass into the buffer (a drawn row out to `out` once it is full); false
    /// when the pass is over.
    fn feed(&mut self, out: &mut Vec<Float>, row: &mut Vec<Float>) -> Result<bool, LearnError> {
        let f = self.features();
        while self.at == self.chunk.y.len() {
            match self.pass.as_mut().and_then(RowStream::next_chunk) {
                None => {
                    self.pass = None;
                    return Ok(false);
                }
                Some(Err(e)) => {
                    self.pass = None;
                    return Err(e.into());
                }
                Some(Ok(chunk)) => (self.chunk, self.at) = (chunk, 0),
            }
        }
        row.clear();
        row.extend_from_slice(&self.chunk.x[self.at * f..(self.at + 1) * f]);
        row.push(self.chunk.y[self.at]);
        self.at += 1;
        self.buffer.push(row, out);
        Ok(true)
    }
}

impl BatchSource for StreamBatches<'_> {
    fn train_rows(&self) -> usize {
        self.fit.counts.train
    }

    fn start_epoch(&mut self, epoch: usize) -> Result<(), LearnError> {
        self.pass = None; // joins the last pass's reader if it still runs
        let rng = seeds::rng(self.seed, Stream::Shuffle, epoch as u64);
        self.buffer = ShuffleBuffer::new(self.shuffle_rows, self.features() + 1, rng);
        (self.chunk, self.at) = (RowChunk::default(), 0);
        self.pass = Some(self.fit.rows(Role::Train));
        Ok(())
    }

    fn next_batch(&mut self, rows: usize) -> Result<Option<Batch>, LearnError> {
        let width = self.features() + 1;
        let (mut out, mut row) = (Vec::with_capacity(rows * width), Vec::with_capacity(width));
        while out.len() < rows * width {
            if !self.feed(&mut out, &mut row)? && !self.buffer.pop(&mut out) {
                break;
            }
        }
        if out.is_empty() {
            return Ok(None);
        }
        let (x, y) = split_rows(&out, self.features());
        let y = match &self.target_scale {
            Some(s) => s.scale(&y),
            None => y,
        };
        Ok(Some(Batch { x, y }))
    }
}

/// Rows of `features` values and a target each, as `x` [n, features] and `y` [n, 1].
pub(crate) fn split_rows(rows: &[Float], features: usize) -> (Tensor, Tensor) {
    let n = rows.len() / (features + 1);
    let x = Tensor::written([n, features], |out| {
        for (dst, src) in out.chunks_exact_mut(features.max(1)).zip(rows.chunks_exact(features + 1)) {
            dst.copy_from_slice(&src[..features]);
        }
    });
    let y = Tensor::written([n, 1], |out| {
        out.iter_mut().zip(rows.chunks_exact(features + 1)).for_each(|(v, r)| *v = r[features]);
    });
    (x, y)
}

/// Every row of `role` in `fit`'s file, in memory: the validation rows.
pub fn collect_rows(fit: &StreamFit, role: Role) -> Result<Option<(Tensor, Tensor)>, LearnError> {
    let mut pass = fit.rows(role);
    let (mut x, mut y) = (Vec::new(), Vec::new());
    while let Some(chunk) = pass.next_chunk() {
        let chunk = chunk?;
        x.extend(chunk.x);
        y.extend(chunk.y);
    }
    let n = y.len();
    if n == 0 {
        return Ok(None);
    }
    let features = fit.preprocessor.n_features();
    let x = Tensor::written([n, features], |out| out.copy_from_slice(&x));
    Ok(Some((x, Tensor::written([n, 1], |out| out.copy_from_slice(&y)))))
}
