//! A bounded shuffle buffer (as `tf.data.Dataset.shuffle`): rows go in in file order; once the
//! buffer holds `capacity` rows, each new row takes the place of a uniformly drawn stored row,
//! which comes out; at the end of the pass the rest come out in random order. Memory is
//! `capacity` rows whatever the file's size. No row leaves before it arrived, so the order is a
//! local shuffle: rows far apart in the file stay apart. A file sorted by class needs a buffer
//! larger than a class's run of rows (or a file shuffled once on disk); a file in random order
//! needs none, but a buffer still decorrelates neighbouring rows and reorders every epoch.
use downhill_tensor::{Float, Rng};

/// A seeded shuffle of a pass's rows in a buffer of fixed capacity; rows are `width` `f32`s each.
///
/// ```
/// use downhill_data::ShuffleBuffer;
/// use downhill_tensor::Rng;
/// let mut buffer = ShuffleBuffer::new(2, 1, Rng::seed(0));
/// let mut out = Vec::new();
/// for row in [[1.0], [2.0], [3.0]] {
///     buffer.push(&row, &mut out); // the third push sends one of the first two out
/// }
/// while buffer.pop(&mut out) {}
/// out.sort_by(f32::total_cmp);
/// assert_eq!(out, [1.0, 2.0, 3.0]); // every row once: copied, never computed
/// ```
#[derive(Debug)]
pub struct ShuffleBuffer {
    width: usize,
    capacity: usize,
    rows: Vec<Float>,
    rng: Rng,
}

impl ShuffleBuffer {
    /// A buffer of `capacity` (at least 1) rows of `width` values, drawing from `rng`.
    pub fn new(capacity: usize, width: usize, rng: Rng) -> ShuffleBuffer {
        ShuffleBuffer { width, capacity: capacity.max(1), rows: Vec::new(), rng }
    }

    /// Rows held now (at most the capacity).
    pub fn len(&self) -> usize {
        self.rows.len() / self.width.max(1)
    }
    /// True when no row is held.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Adds `row` (`width` values); when the buffer is full, first moves a drawn row to the end of
    /// `out` and returns true.
    pub fn push(&mut self, row: &[Float], out: &mut Vec<Float>) -> bool {
        debug_assert_eq!(row.len(), self.width);
        if self.len() < self.capacity {
            self.rows.extend_from_slice(row);
            return false;
        }
        let at = self.rng.below(self.capacity) * self.width;
        let slot = &mut self.rows[at..at + self.width];
        out.extend_from_slice(slot);
        slot.copy_from_slice(row);
        true
    }

    /// Moves a drawn row to the end of `out`; false when the buffer is empty.
    pub fn pop(&mut self, out: &mut Vec<Float>) -> bool {
        let n = self.len();
        if n == 0 {
            return false;
        }
        let (at, last) = (self.rng.below(n) * self.width, (n - 1) * self.width);
        out.extend_from_slice(&self.rows[at..at + self.width]);
        self.rows.copy_within(last..last + self.width, at);
        self.rows.truncate(last);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pass(capacity: usize, n: usize, seed: u64) -> Vec<Float> {
        let mut b = ShuffleBuffer::new(capacity, 1, Rng::seed(seed));
        let mut out = Vec::new();
        (0..n).for_each(|i| {
            b.push(&[i as Float], &mut out);
        });
        while b.pop(&mut out) {}
        out
    }

    #[test]
    fn every_row_comes_out_once_in_a_seeded_order() {
        let out = pass(10, 100, 1);
        let mut sorted = out.clone();
        sorted.sort_by(Float::total_cmp);
        // Exact: rows are copied, never computed.
        assert_eq!(sorted, (0..100).map(|i| i as Float).collect::<Vec<_>>());
        assert_eq!(pass(10, 100, 1), out);
        assert_ne!(pass(10, 100, 2), out);
        assert_ne!(out, sorted);
    }

    #[test]
    fn rows_never_leave_before_they_arrive_and_memory_is_bounded() {
        let mut b = ShuffleBuffer::new(5, 2, Rng::seed(0));
        let mut out = Vec::new();
        for i in 0..50 {
            b.push(&[i as Float, -(i as Float)], &mut out);
            assert!(b.len() <= 5);
            // The k-th row out was pushed at step >= k (only rows 0..=k + 4 can have come in).
            assert!(out.chunks(2).enumerate().all(|(k, r)| r[0] <= (k + 5) as Float && r[1] == -r[0]));
        }
    }
}
