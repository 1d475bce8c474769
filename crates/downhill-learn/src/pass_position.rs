//! Where a streamed run stands inside a pass, saved in its checkpoints so `--resume` continues the
//! pass where it stopped instead of at its start. A pass's order is a pure function of the run's
//! seed, the pass number and the file (`StreamBatches`: a reader in file order, a shuffle buffer
//! seeded from (seed, pass)), so the position is the number of rows the pass has handed out:
//!   resume = start pass `epoch` afresh, draw and discard `rows` rows (parsed, never trained on),
//!            then continue with batch `batch + 1`
//! The discarded draws replay the shuffle buffer's RNG and contents exactly, and the reader stands
//! at file row `rows + rows held in the buffer` of the pass, so the rest of the run is bit for bit
//! the uninterrupted one. Replaying costs one read of the pass up to the position (no gradient),
//! the price of not storing the buffer's rows (up to 64 MB) in every checkpoint. The epoch's running
//! loss is saved with it, so the epoch's record is the uninterrupted one too.
use serde::{Deserialize, Serialize};

/// A streamed run's place in its current pass (see the module docs).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct PassPosition {
    /// Steps' batches taken in the pass.
    pub batch: usize,
    /// Rows the pass has handed out (trained on).
    pub rows: usize,
    /// The epoch's row-weighted loss sum and rows so far, and its first step's loss, as f64 bits.
    pub loss_sum_bits: u64,
    pub loss_rows: usize,
    pub first_loss_bits: u64,
    /// Seconds of training until the checkpoint, across resumes.
    pub seconds: f64,
}
