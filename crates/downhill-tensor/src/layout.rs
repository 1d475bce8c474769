//! Operations that move values without arithmetic: reshape, transpose, slicing, concatenation and
//! gathering rows.
use crate::{Shape, Tensor};
use std::ops::Range;

/// Rows `gather_rows` looks ahead when it prefetches: enough to cover a memory round trip at the
/// copy speed of a row of a few hundred bytes. With prefetches into L2 (prefetch.rs), 16 and 24
/// were alike and 8 slower (`cargo bench -p downhill-tensor --bench gather`).
const GATHER_AHEAD: usize = 16;

impl Tensor {
    /// The same values with a new shape (sharing the buffer, copy-on-write: no copy); panics when the
    /// element counts differ.
    pub fn reshape(&self, shape: impl Into<Shape>) -> Tensor {
        self.clone().with_shape(shape.into(), "reshape")
    }

    /// Like `reshape` but consumes `self`, reusing the buffer.
    pub fn into_shape(self, shape: impl Into<Shape>) -> Tensor {
        self.with_shape(shape.into(), "into_shape")
    }

    /// Matrix transpose; panics unless 2-D.
    pub fn transpose(&self) -> Tensor {
        self.expect_matrix("transpose");
        let (r, c) = (self.rows(), self.cols());
        Tensor::written([c, r], |out| crate::transposed_product::transpose_into(self.data(), r, c, 0.0, out))
    }

    /// The sub-tensor `range` along the first axis (rows of a matrix), copied.
    pub fn slice_rows(&self, range: Range<usize>) -> Tensor {
        let n = self.dims().first().copied().unwrap_or(0);
        assert!(
            range.start <= range.end && range.end <= n,
            "slice_rows: {range:?} out of 0..{n} for {}",
            self.shape()
        );
        let per = self.numel() / n.max(1);
        let rows = &self.data()[range.start * per..range.end * per];
        Tensor::pushed(self.shape().with_dim(0, range.len()), |v| v.extend_from_slice(rows))
    }

    /// Rows `indices` (along the first axis) in the given order, repeats allowed: an embedding lookup.
    pub fn gather_rows(&self, indices: &[usize]) -> Tensor {
        Tensor::written(self.shape().with_dim(0, indices.len()), |data| self.gather_into(indices, data))
    }

    /// `gather_rows(indices)` written over `spare`'s buffer when `spare` holds its buffer alone and
    /// has as many values (a batch loader's buffer from an earlier batch), so that the copy costs
    /// no allocation on whichever thread runs it; into a new buffer otherwise. The same values
    /// either way.
    pub fn gather_rows_over(&self, indices: &[usize], mut spare: Tensor) -> Tensor {
        let shape = self.shape().with_dim(0, indices.len());
        if spare.numel() != shape.numel() || !spare.owns_buffer() {
            return self.gather_rows(indices);
        }
        let mut out = spare.with_shape(shape, "gather_rows_over");
        self.gather_into(indices, out.data_mut());
        out
    }

    /// The rows `indices` along the first axis copied into `out`, in order; panics naming an index
    /// out of bounds. On the calling thread: cut in two halves on two threads (`by_halves`), a
    /// 256-row gather took 11.6 µs instead of 18.4 alone (784-value rows: 45 instead of 88 µs), but
    /// the MNIST MLP's epoch took 3-10 % longer, its products losing the second thread.
    fn gather_into(&self, indices: &[usize], out: &mut [crate::Float]) {
        let n = self.dims().first().copied().unwrap_or(0);
        let per = self.numel() / n.max(1);
        let row = |i: usize| {
            assert!(i < n, "gather_rows: index {i} out of bounds for shape {}", self.shape());
            &self.data()[i * per..(i + 1) * per]
        };
        for (k, &i) in indices.iter().enumerate() {
            // Shuffled rows are far apart: ask for a row a few ahead while this one is copied.
            if let Some(&ahead) = indices.get(k + GATHER_AHEAD) {
                crate::prefetch::prefetch_slice(row(ahead));
            }
            out[k * per..(k + 1) * per].copy_from_slice(row(i));
        }
    }

    /// Joins tensors along `axis`; all other dimensions must agree.
    pub fn concat(parts: &[&Tensor], axis: usize) -> Tensor {
        assert!(!parts.is_empty(), "concat: no tensors given");
        let first = parts[0].shape();
        for p in parts {
            let same_rank = p.rank() == first.rank();
            let others_agree =
                same_rank && (0..first.rank()).all(|d| d == axis || p.dims()[d] == first.dims()[d]);
            assert!(
                others_agree,
                "concat along axis {axis}: shape {} does not fit shape {}",
                p.shape(),
                first
            );
        }
        let total: usize = parts.iter().map(|p| p.dims()[axis]).sum();
        let (outer, _, inner) = first.split_at_axis(axis);
        Tensor::pushed(first.with_dim(axis, total), |data| {
            for o in 0..outer {
                for p in parts {
                    let lane = p.dims()[axis] * inner;
                    data.extend_from_slice(&p.data()[o * lane..(o + 1) * lane]);
                }
            }
        })
    }

    /// The piece `range` along `axis`; the inverse of `concat`.
    pub fn narrow(&self, axis: usize, range: Range<usize>) -> Tensor {
        let (outer, n, inner) = self.shape().split_at_axis(axis);
        assert!(range.end <= n && range.start <= range.end, "narrow: {range:?} out of 0..{n} on axis {axis}");
        Tensor::pushed(self.shape().with_dim(axis, range.len()), |data| {
            for o in 0..outer {
                let lane = (o * n + range.start) * inner..(o * n + range.end) * inner;
                data.extend_from_slice(&self.data()[lane]);
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m() -> Tensor {
        Tensor::from_rows(&[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]).unwrap()
    }

    #[test]
    fn transpose_swaps_rows_and_columns() {
        let t = m().transpose();
        // Exact here and below: transposing only moves values, nothing is computed.
        assert_eq!((t.dims(), t.data()), (&[3usize, 2][..], &[1.0, 4.0, 2.0, 5.0, 3.0, 6.0][..]));
        // Several 32×32 blocks with ragged edges: every value lands at the swapped index (the round
        // trip alone would also pass a wrong but self-inverse reordering of the blocks).
        let big = Tensor::linspace(0.0, 99.0, 100 * 37).reshape([100, 37]);
        let bt = big.transpose();
        assert_eq!(bt.dims(), &[37, 100]);
        for (i, j) in (0..100).flat_map(|i| (0..37).map(move |j| (i, j))) {
            assert_eq!(bt.at(&[j, i]).to_bits(), big.at(&[i, j]).to_bits(), "big[{i}, {j}]");
        }
        assert_eq!(bt.transpose(), big);
    }

    #[test]
    fn slicing_and_gathering_rows() {
        // Exact: slicing and gathering only copy rows.
        assert_eq!(m().slice_rows(1..2).data(), &[4.0, 5.0, 6.0]);
        assert_eq!(m().slice_rows(0..0).dims(), &[0, 3]);
        assert_eq!(m().gather_rows(&[1, 1, 0]).data(), &[4.0, 5.0, 6.0, 4.0, 5.0, 6.0, 1.0, 2.0, 3.0]);
    }

    #[test]
    fn gathering_over_a_spare_reuses_its_buffer_only_when_it_may() {
        let want = m().gather_rows(&[1, 0, 1]);
        // A spare of the right size owned alone: written in place (same allocation), same values.
        let spare = Tensor::full([9], -1.0);
        let at = spare.data().as_ptr();
        let out = m().gather_rows_over(&[1, 0, 1], spare);
        assert_eq!((out.dims(), out.data(), out.data().as_ptr()), (want.dims(), want.data(), at));
        // Shared with a clone: the clone keeps its values and the result gets its own buffer.
        let shared = Tensor::full([3, 3], -1.0);
        let out = m().gather_rows_over(&[1, 0, 1], shared.clone());
        assert!(!out.shares_buffer(&shared));
        assert_eq!((out.data(), shared.data()), (want.data(), &[-1.0; 9][..]));
        // The wrong size: a new buffer of the right one.
        assert_eq!(m().gather_rows_over(&[1, 0, 1], Tensor::full([4], 0.0)), want);
    }

    #[test]
    fn concat_then_narrow_round_trips() {
        let a = m();
        let b = Tensor::from_rows(&[[7.0], [8.0]]).unwrap();
        let c = Tensor::concat(&[&a, &b], 1);
        // Exact: concatenating and narrowing only copy values.
        assert_eq!(c.data(), &[1.0, 2.0, 3.0, 7.0, 4.0, 5.0, 6.0, 8.0]);
        assert_eq!(c.narrow(1, 0..3), a);
        assert_eq!(c.narrow(1, 3..4), b);
        assert_eq!(Tensor::concat(&[&a, &a], 0).dims(), &[4, 3]);
    }

    #[test]
    #[should_panic(expected = "cannot view shape [2, 3] as shape [4]")]
    fn reshape_to_a_different_count_panics() {
        m().reshape([4]);
    }
}
