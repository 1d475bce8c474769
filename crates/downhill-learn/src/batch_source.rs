//! Where a streamed run's batches come from: a source read pass after pass (a file too large for
//! memory), instead of a `Split` held in memory whose rows an epoch's plan indexes. The source
//! decides the order of the rows (a shuffle buffer, say); the loop asks for batches of a size
//! until the pass is over. Errors are the data's: the loop stops at the batch they are met in and
//! keeps the weights of the steps before.
use crate::{Batch, LearnError};

/// A source of training batches read pass after pass (a streamed file), instead of rows held in memory; see
/// the module docs.
pub trait BatchSource {
    /// Training rows in one pass (steps per epoch for schedules, shares and the penalty's n).
    fn train_rows(&self) -> usize;
    /// Starts pass `epoch` (0-based) from the first row.
    fn start_epoch(&mut self, epoch: usize) -> Result<(), LearnError>;
    /// The next batch of at most `rows` rows of the pass; `None` when the pass is over.
    fn next_batch(&mut self, rows: usize) -> Result<Option<Batch>, LearnError>;
    /// Draws and discards the next `rows` rows of the pass (resuming a checkpoint in mid-pass),
    /// leaving the source exactly where handing them out in batches would; returns the rows drawn
    /// (fewer when the pass ends first).
    fn skip_rows(&mut self, rows: usize) -> Result<usize, LearnError> {
        let mut skipped = 0;
        while skipped < rows {
            match self.next_batch((rows - skipped).min(1024))? {
                Some(batch) => skipped += batch.rows(),
                None => break,
            }
        }
        Ok(skipped)
    }
}
